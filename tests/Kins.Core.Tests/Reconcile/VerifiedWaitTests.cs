using System.Web;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Reconcile;
using Kins.Core.SuperEdge;
using Kins.Core.Tests.Observe;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Reconcile;

/// <summary>
/// The reconciler's waits when the watch's view is stale (a half-open watch): the server, a small fake API on
/// 127.0.0.1, has the unit Ready while the watch still shows it at L3. Nothing is reported from the stale view.
/// </summary>
[Collection(Connection.ProcessProxyGroup.Name)]
public sealed class VerifiedWaitTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestCertificates _certificates = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);
    private readonly FakeCluster _cluster = new();

    private static readonly Dictionary<string, Type> Lists = new()
    {
        ["/apis/apps/v1/namespaces/kins-system/statefulsets"] = typeof(V1StatefulSet),
        ["/apis/apps/v1/namespaces/kins-system/daemonsets"] = typeof(V1DaemonSet),
        ["/api/v1/namespaces/kins-system/services"] = typeof(V1Service),
        ["/api/v1/namespaces/kins-system/configmaps"] = typeof(V1ConfigMap),
        ["/api/v1/nodes"] = typeof(V1Node),
        ["/api/v1/persistentvolumes"] = typeof(V1PersistentVolume),
        ["/api/v1/namespaces/kins-system/pods"] = typeof(V1Pod),
    };

    /// <summary>The server's truth: <paramref name="onServer"/>'s unit and objects; PATCH answers with the unit.</summary>
    private static Func<SeenRequest, (int, string)> Api(Fixture onServer) => request =>
    {
        var unitJson = KubernetesJson.Serialize(onServer.Unit);
        if (request.Path == $"/apis/{SuperEdgeNames.Group}/{SuperEdgeNames.Version}/{SuperEdgeNames.Plural}/test" && request.Method == "PATCH")
        {
            return (200, unitJson);
        }
        if (request.Path == $"/apis/{SuperEdgeNames.Group}/{SuperEdgeNames.Version}/{SuperEdgeNames.Plural}")
        {
            return (200, $$"""{"apiVersion":"{{SuperEdgeNames.ApiVersion}}","kind":"NodeUnitList","metadata":{"resourceVersion":"100"},"items":[{{unitJson}}]}""");
        }
        if (Lists.TryGetValue(request.Path, out var type))
        {
            var items = onServer.Objects.Where(o => o.GetType() == type && (type != typeof(V1Node) || o.Metadata.Labels.ContainsKey(SuperEdgeNames.KinsRoleLabel)));
            return (200, $$"""{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":"100"},"items":[{{string.Join(",", items.Select(o => KubernetesJson.Serialize(o)))}}]}""");
        }
        return (404, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
    };

    private KinsReconciler Reconciler(TestHttpsServer server)
    {
        var connection = _cache.Get(_dir.Write(Guid.NewGuid().ToString("N"), KubeconfigText.Single("fake", server.Url,
            clusterExtra: "    certificate-authority-data: " + _certificates.AuthorityBase64)), null);
        return new KinsReconciler(connection, null, _cluster.Options, _cluster.Sources);
    }

    /// <summary>The watch's view: the unit before the change, at L3, and nothing after it ever arrives.</summary>
    private void WatchShowsTheUnitAtL3(Fixture fixture)
    {
        var before = KubernetesJson.Deserialize<NodeUnit>(KubernetesJson.Serialize(fixture.Unit));
        before.Spec.AutonomyLevel = "L3";
        before.Metadata.ResourceVersion = "50";
        _cluster.Units.Items.Add(before);
    }

    [Fact]
    public async Task A_unit_that_reached_the_level_while_the_watch_was_silent_is_reported_reached_not_timed_out()
    {
        var ready = Fixture.Load("l4-ready.yaml");
        WatchShowsTheUnitAtL3(ready);
        await using var server = new TestHttpsServer(_certificates.Server(), Api(ready));
        await using var reconciler = Reconciler(server);

        var promotion = reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, TimeSpan.FromSeconds(20), null, CancellationToken.None);
        await _cluster.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(20));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(20));
        var result = await promotion.WaitAsync(ManualClock.Guard);

        Assert.Equal(KinsState.Ready, result!.KinsState);
        Assert.Contains(server.Requests, r => r.Method == "GET" && HttpUtility.ParseQueryString(r.Query)["fieldSelector"] == "metadata.name=test");
    }

    [Fact]
    public async Task A_timeout_reports_the_state_read_from_the_server_not_the_watch_view()
    {
        var promoting = Fixture.Load("l4-ready.yaml").Without<V1StatefulSet>("test-server-kins");
        WatchShowsTheUnitAtL3(promoting);
        await using var server = new TestHttpsServer(_certificates.Server(), Api(promoting));
        await using var reconciler = Reconciler(server);

        var promotion = reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, TimeSpan.FromSeconds(20), null, CancellationToken.None);
        await _cluster.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(20));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<KinsException>(() => promotion.WaitAsync(ManualClock.Guard));

        Assert.Equal(KinsErrorIds.KinsPromotionTimeout, error.ErrorId);
        var fresh = KinsObserver.Observe(promoting.Unit, promoting.Snapshot());
        Assert.Contains($"it is {fresh.State}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Standard", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _certificates.Dispose();
        _dir.Dispose();
    }
}
