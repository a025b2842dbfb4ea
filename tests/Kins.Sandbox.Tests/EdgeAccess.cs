using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kins.Sandbox.Tests;

/// <summary>The article's ways into a promoted unit: promotion with kubectl, the edge kubeconfig, the hand-written proxy kubeconfig, raw CONNECTs.</summary>
internal static partial class EdgeAccess
{
    /// <summary>Promotes <paramref name="unit"/> to L4 with kubectl and waits until its edge kubeconfig answers; returns that kubeconfig's path.</summary>
    public static async Task<string> PromoteAsync(Kubectl cloud, string folder, string unit = "test")
    {
        await cloud.OkAsync("patch", "nu", unit, "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        var path = Path.Combine(folder, unit + "-edge.conf");
        var edge = new Kubectl(path, Path.Combine(folder, "edge-cache-" + Guid.NewGuid().ToString("N")));
        await TestSandbox.EventuallyAsync(async () =>
        {
            var cm = await cloud.RunAsync("get", "cm", unit + "-cm-kins", "-n", "kins-system", "-o=jsonpath={.data.kubeconfig\\.conf}");
            if (cm.ExitCode != 0 || cm.Stdout.Length == 0) { return false; }
            await File.WriteAllTextAsync(path, cm.Stdout);
            return (await edge.RunAsync("get", "--raw", "/version")).ExitCode == 0;
        }, $"the edge cluster of {unit} answering its kubeconfig");
        return path;
    }

    public static string Token(string edgeKubeconfig) => TokenLine().Match(File.ReadAllText(edgeKubeconfig)).Groups[1].Value;

    /// <summary>The article's hand-written cloud-side kubeconfig (section 4.2), comments and all, with the sandbox's node port.</summary>
    public static string WriteProxyKubeconfig(string path, string server, int nodePort, string token)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                insecure-skip-tls-verify: true
                server: {server} #这里可以使用 svc 地址
                proxy-url: http://127.0.0.1:{nodePort} #这里在 master 节点上使用 tunnel-cloud 的 http 代理
              name: default
            contexts:
            - context:
                cluster: default
                namespace: default
                user: default
              name: default
            current-context: default
            users:
            - name: default
              user:
                token: {token}

            """);
        return path;
    }

    /// <summary>Sends a CONNECT to the proxy and returns its status line and body.</summary>
    public static async Task<(int Status, string Text)> ConnectAsync(int proxyPort, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", proxyPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n"));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var all = text.ToString();
        if (!all.Contains("200", StringComparison.Ordinal))
        {
            // A refusal carries its reason in a small body after the headers; read it to the end.
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) { all += Encoding.UTF8.GetString(buffer, 0, read); }
        }
        return (int.Parse(all.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), all);
    }

    public static IReadOnlyList<string> Names(string kubectlOutput) =>
        kubectlOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"token: (\S+)")]
    private static partial Regex TokenLine();
}
