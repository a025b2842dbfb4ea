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
        await sandbox.ApplyAsync("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: spread, namespace: default}
            spec:
              replicas: 4
              serviceName: spread
              selector: {matchLabels: {app: spread}}
              template:
                metadata: {labels: {app: spread}}
                spec:
                  tolerations: [{operator: Exists}]
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [edge1, edge2, edge3]}]
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchExpressions: [{key: app, operator: In, values: [spread]}]}
                        topologyKey: kubernetes.io/hostname
                  containers: [{name: c, image: busybox}]
            """);

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
}
