using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kins.Core.Sandbox;
using Kins.Core.Tests.TestSupport;

namespace Kins.Sandbox.Tests;

/// <summary>The cloud API's fault mode, set through /sandbox/faults: each fault as a client meets it, and what the server applied.</summary>
public sealed class FaultInjectionTests
{
    private const string NodeUnits = "/apis/site.superedge.io/v1alpha2/nodeunits";
    private const string PromoteTest = """{"spec":{"autonomyLevel":"L4"}}""";

    private static Task<(HttpStatusCode Code, JsonNode? Body)> SetFaultsAsync(TestSandbox sandbox, SandboxFaults faults) =>
        sandbox.SendAsync(HttpMethod.Put, "/sandbox/faults", faults.ToJson().ToJsonString());

    private static async Task<JsonNode> MetricsAsync(TestSandbox sandbox) => (await sandbox.SendAsync(HttpMethod.Get, "/sandbox/metrics")).Body!;

    [Fact]
    public async Task Seeded_errors_fall_on_the_same_requests_every_run_and_spare_the_control_endpoints()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        async Task<string> RunAsync()
        {
            Assert.Equal(HttpStatusCode.OK, (await SetFaultsAsync(sandbox, new SandboxFaults { ServerErrorRate = 0.3, ThrottleRate = 0.2, Seed = 42 })).Code);
            var codes = new StringBuilder();
            for (var i = 0; i < 40; i++) { codes.Append((int)(await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1")).Code).Append(' '); }
            return codes.ToString();
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains("200", first, StringComparison.Ordinal);
        Assert.Contains("429", first, StringComparison.Ordinal);
        Assert.True(first.Contains("500", StringComparison.Ordinal) || first.Contains("503", StringComparison.Ordinal), first);
        // The control endpoints never fail, whatever the rate.
        Assert.Equal(HttpStatusCode.OK, (await SetFaultsAsync(sandbox, new SandboxFaults { ServerErrorRate = 1 })).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/sandbox/faults")).Code);
        var metrics = await MetricsAsync(sandbox);
        Assert.True((long)metrics["faults"]!["serverErrors"]! > 0);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Delete, "/sandbox/faults")).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1")).Code);
    }

    [Fact]
    public async Task Throttled_requests_carry_Retry_After_and_refused_writes_are_not_applied()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await SetFaultsAsync(sandbox, new SandboxFaults { ThrottleRate = 1, RetryAfter = TimeSpan.FromSeconds(3) });
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes"))
        using (var response = await sandbox.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("TooManyRequests", (string?)status["reason"]);
        }

        await SetFaultsAsync(sandbox, new SandboxFaults { ConflictRate = 1 });
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, NodeUnits + "/test")).Code);
        var (code, body) = await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)body!["reason"]);
        await sandbox.SendAsync(HttpMethod.Delete, "/sandbox/faults");
        Assert.Equal("L3", (string?)(await sandbox.SendAsync(HttpMethod.Get, NodeUnits + "/test")).Body!["spec"]!["autonomyLevel"]);

        var writes = (await MetricsAsync(sandbox))["nodeUnitWrites"]!["byUnit"]!["test"]!;
        Assert.Equal((1, 0, 0), ((long)writes["requests"]!, (long)writes["applied"]!, (long)writes["acknowledged"]!));
    }

    [Fact]
    public async Task A_lost_response_is_applied_and_answered_500_and_the_ledger_tells_writes_after_an_acknowledged_one()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await SetFaultsAsync(sandbox, new SandboxFaults { LostResponseRate = 1 });
        var (code, body) = await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("InternalError", (string?)body!["reason"]);
        await sandbox.SendAsync(HttpMethod.Delete, "/sandbox/faults");
        Assert.Equal("L4", (string?)(await sandbox.SendAsync(HttpMethod.Get, NodeUnits + "/test")).Body!["spec"]!["autonomyLevel"]);

        // The client retries (fine: nothing was acknowledged), then writes once more after the acknowledgement (not fine).
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json")).Code);
        var ledger = (await MetricsAsync(sandbox))["nodeUnitWrites"]!;
        Assert.Equal(0, (long)ledger["afterAcknowledged"]!);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json")).Code);
        ledger = (await MetricsAsync(sandbox))["nodeUnitWrites"]!;
        var test = ledger["byUnit"]!["test"]!;
        Assert.Equal((3L, 3L, 2L, 1L), ((long)test["requests"]!, (long)test["applied"]!, (long)test["acknowledged"]!, (long)test["afterAcknowledged"]!));
        Assert.Equal(1, (long)ledger["afterAcknowledged"]!);
        Assert.Equal(3, (long)ledger["maxApplied"]!);
    }

    [Fact]
    public async Task A_watch_is_reset_when_its_cut_time_passes()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        await SetFaultsAsync(sandbox, new SandboxFaults { WatchCutAfter = TimeSpan.FromSeconds(2) });
        using var watch = await OpenWatchAsync(sandbox);
        Assert.Contains("\"ADDED\"", await watch.ReadLineAsync(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(2));
        // A reset, not a clean end of the stream (and not a stream that stays open: the bound fails the test instead).
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<IOException>(async () => { while (await watch.ReadLineAsync(bound.Token) is not null) { } });
        Assert.Equal(1, (long)(await MetricsAsync(sandbox))["faults"]!["watchesCut"]!);
    }

    [Fact]
    public async Task A_half_open_watch_goes_silent_and_stays_open_past_its_own_timeout()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        await SetFaultsAsync(sandbox, new SandboxFaults { WatchHalfOpenAfter = TimeSpan.FromSeconds(3) });
        using var silent = await OpenWatchAsync(sandbox, "&timeoutSeconds=2");
        Assert.Contains("\"ADDED\"", await silent.ReadLineAsync(), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (long)(await MetricsAsync(sandbox))["faults"]!["watchesHalfOpened"]!);

        // A change the silent watch would have reported reaches a fresh watch, not the silent one; and the silent one
        // does not end when its timeoutSeconds passes (a real half-open connection brings no FIN).
        using var fresh = await OpenWatchAsync(sandbox);
        Assert.Contains("\"ADDED\"", await fresh.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", """{"metadata":{"labels":{"seen":"yes"}}}""", "application/merge-patch+json")).Code);
        Assert.Contains("\"MODIFIED\"", await fresh.ReadLineAsync(), StringComparison.Ordinal);
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await silent.ReadLineAsync(quiet.Token));

        silent.Dispose();
        fresh.Dispose();
        await TestSandbox.EventuallyAsync(async () => (long)(await MetricsAsync(sandbox))["openWatches"]! == 0,
            "the server let go of the half-open watch once the client left");
    }

    [Fact]
    public async Task The_cloud_is_cut_at_the_chosen_write_and_comes_back_when_its_time_on_the_fault_clock_passes()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        await SetFaultsAsync(sandbox, new SandboxFaults { CloudCutAfterWrites = 2, CloudCutFor = TimeSpan.FromSeconds(5) });
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1")).Code);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", """{"metadata":{"labels":{"first":"yes"}}}""", "application/merge-patch+json")).Code);

        // The second write starts the cut: it gets no answer and is not applied, and nothing else is answered either.
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json"));
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1"));
        clock.Advance(TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1"));

        clock.Advance(TimeSpan.FromSeconds(1));
        var unit = (await sandbox.SendAsync(HttpMethod.Get, NodeUnits + "/test")).Body!;
        Assert.Equal("L3", (string?)unit["spec"]!["autonomyLevel"]);
        var metrics = await MetricsAsync(sandbox);
        Assert.Equal(1, (long)metrics["faults"]!["cloudCuts"]!);
        var writes = metrics["nodeUnitWrites"]!["byUnit"]!["test"]!;
        Assert.Equal((2L, 1L, 1L), ((long)writes["requests"]!, (long)writes["applied"]!, (long)writes["acknowledged"]!));
        // Only once: the later writes pass.
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test", PromoteTest, "application/merge-patch+json")).Code);
    }

    [Fact]
    public async Task A_reset_connection_gets_no_answer_and_some_reset_writes_were_applied_first()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await SetFaultsAsync(sandbox, new SandboxFaults { ConnectionResetRate = 1, Seed = 7 });
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes/edge1"));
        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.SendAsync(HttpMethod.Patch, NodeUnits + "/test",
                "{\"metadata\":{\"labels\":{\"attempt\":\"" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}}}", "application/merge-patch+json"));
        }
        await sandbox.SendAsync(HttpMethod.Delete, "/sandbox/faults");

        var metrics = await MetricsAsync(sandbox);
        Assert.Equal(21, (long)metrics["faults"]!["connectionsReset"]!);
        var writes = metrics["nodeUnitWrites"]!["byUnit"]!["test"]!;
        var applied = (long)writes["applied"]!;
        Assert.Equal(20, (long)writes["requests"]!);
        Assert.Equal(0, (long)writes["acknowledged"]!);
        Assert.InRange(applied, 1, 19);
        Assert.NotNull((await sandbox.SendAsync(HttpMethod.Get, NodeUnits + "/test")).Body!["metadata"]!["labels"]!["attempt"]);
    }

    [Fact]
    public async Task A_write_whose_connection_is_cut_while_it_is_applied_is_not_counted_as_acknowledged()
    {
        // The cloud cut comes while the API applies the write: the answer (a 200) never reaches the client, which
        // rightly writes again. The ledger must not call that retry a write after an acknowledged one.
        var injector = new Kins.Sandbox.Faults.FaultInjector();
        using var connection = new CancellationTokenSource();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature>(new CutConnection(connection));
        context.Request.Method = "PATCH";
        context.Request.Path = NodeUnits + "/test";
        await injector.ApplyAsync(context, async c =>
        {
            c.Response.StatusCode = 200;
            await connection.CancelAsync();
        });

        var test = injector.Writes.ToJson()["byUnit"]!["test"]!;
        Assert.Equal((1L, 1L, 0L), ((long)test["requests"]!, (long)test["applied"]!, (long)test["acknowledged"]!));
    }

    private sealed class CutConnection(CancellationTokenSource connection) : Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get => connection.Token; set { } }
        public void Abort() => connection.Cancel();
    }

    private static async Task<StreamReader> OpenWatchAsync(TestSandbox sandbox, string query = "")
    {
        var response = await sandbox.Http.GetAsync($"{NodeUnits}?watch=true&fieldSelector=metadata.name%3Dtest{query}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new StreamReader(await response.Content.ReadAsStreamAsync());
    }
}
