using System.Net;

namespace Kins.Sandbox.Tests;

/// <summary>GET /sandbox/metrics counts the cloud API's requests by verb, not the sandbox's own endpoints.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_count_lists_watches_gets_writes_and_discovery()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes")).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1")).Code);
        using (var watch = await sandbox.Http.GetAsync("/api/v1/nodes?watch=true&timeoutSeconds=1"))
        {
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await sandbox.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"}}""")).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/m")).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/version")).Code);

        var (code, metrics) = await sandbox.SendAsync(HttpMethod.Get, "/sandbox/metrics");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(6, (long)metrics!["requests"]!);
        Assert.Equal(1, (long)metrics["lists"]!);
        Assert.Equal(1, (long)metrics["watches"]!);
        Assert.Equal(2, (long)metrics["writes"]!);
        Assert.Equal(1, (long)metrics["byVerb"]!["get"]!);
        Assert.Equal(1, (long)metrics["byVerb"]!["discovery"]!);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await sandbox.SendAsync(HttpMethod.Post, "/sandbox/metrics")).Code);
    }
}
