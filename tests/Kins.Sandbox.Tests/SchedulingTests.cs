using System.Text.Json.Nodes;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>The simulated scheduler places pods as kube-scheduler would: required pod anti-affinity per hostname.</summary>
public sealed class SchedulingTests
{
    [Fact]
    public async Task Required_anti_affinity_puts_one_pod_per_node_even_when_the_pods_are_placed_in_one_go()
    {
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero });

        // Four replicas over the article's three edge nodes, each pod refusing a node that already runs one of them:
        // the scheduler must see the pods it has just placed, so the fourth stays Pending without a node.
        await sandbox.ApplyAsync(AntiAffinityStatefulSet("spread", replicas: 4, hosts: "edge1, edge2, edge3", avoidKey: "app", avoidValue: "spread"));

        List<string?> nodes = [];
        await TestSandbox.EventuallyAsync(async () =>
        {
            var pods = (await sandbox.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dspread"))?["items"] as JsonArray ?? [];
            nodes = pods.Select(p => (string?)p?["spec"]?["nodeName"]).ToList();
            return nodes.Count == 4;
        }, "four pods of spread");
        var placed = nodes.OfType<string>().ToList();
        Assert.Equal(placed.Count, placed.Distinct(StringComparer.Ordinal).Count());
        Assert.Single(nodes, n => n is null);
    }

    [Fact]
    public async Task A_pod_kept_out_by_anti_affinity_is_placed_once_the_pod_in_its_way_is_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero });

        // As at L4 -> L5: the join pods are created while the agent pods they must not share a node with still run.
        await sandbox.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: blocker, namespace: default, labels: {role: blocker}}
            spec:
              nodeName: edge1
              tolerations: [{operator: Exists}]
              containers: [{name: c, image: busybox}]
            """);
        await sandbox.ApplyAsync(AntiAffinityStatefulSet("waiting", replicas: 1, hosts: "edge1", avoidKey: "role", avoidValue: "blocker"));
        await TestSandbox.EventuallyAsync(async () => await sandbox.GetAsync("/api/v1/namespaces/default/pods/waiting-0") is not null, "waiting-0 created");
        Assert.Null((await sandbox.GetAsync("/api/v1/namespaces/default/pods/waiting-0"))!["spec"]!["nodeName"]);

        var (code, _) = await sandbox.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/blocker?gracePeriodSeconds=0");
        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        await TestSandbox.EventuallyAsync(async () =>
            (string?)(await sandbox.GetAsync("/api/v1/namespaces/default/pods/waiting-0"))?["spec"]?["nodeName"] == "edge1", "waiting-0 placed on edge1");
    }

    /// <summary>
    /// A StatefulSet whose pods may run only on <paramref name="hosts"/> and never beside a pod labelled
    /// <paramref name="avoidKey"/>=<paramref name="avoidValue"/>, the required anti-affinity the kins workloads use.
    /// </summary>
    private static string AntiAffinityStatefulSet(string name, int replicas, string hosts, string avoidKey, string avoidValue)
    {
        return $$$"""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: {{{name}}}, namespace: default}
            spec:
              replicas: {{{replicas}}}
              serviceName: {{{name}}}
              selector: {matchLabels: {app: {{{name}}}}}
              template:
                metadata: {labels: {app: {{{name}}}}}
                spec:
                  tolerations: [{operator: Exists}]
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [{{{hosts}}}]}]
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchExpressions: [{key: {{{avoidKey}}}, operator: In, values: [{{{avoidValue}}}]}]}
                        topologyKey: kubernetes.io/hostname
                  containers: [{name: c, image: busybox}]
            """;
    }
}
