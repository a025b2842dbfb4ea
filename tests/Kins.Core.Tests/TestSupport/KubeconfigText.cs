using Kins.Core.Connection;

namespace Kins.Core.Tests.TestSupport;

/// <summary>Writes kubeconfig YAML for tests: one context per call, named after its cluster and user.</summary>
internal static class KubeconfigText
{
    public static string Single(string context, string server, string? currentContext = null, string clusterExtra = "", string user = "    token: test-token") =>
        $"""
        apiVersion: v1
        kind: Config
        current-context: {currentContext ?? context}
        clusters:
        - name: {context}-cluster
          cluster:
            server: {server}
        {clusterExtra}
        users:
        - name: {context}-user
          user:
        {user}
        contexts:
        - name: {context}
          context:
            cluster: {context}-cluster
            user: {context}-user
        """;

    public static KubeconfigEnvironment Environment(string? kubeconfigVariable = null, string? home = null, string? serviceAccountDirectory = null, string? serviceHost = null, string? servicePort = null) =>
        new(kubeconfigVariable, home ?? "/nonexistent-kins-home", serviceAccountDirectory ?? "/nonexistent-kins-sa", serviceHost, servicePort);
}
