using System.Collections.Concurrent;
using System.Web;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Observe;
using Kins.Core.SuperEdge;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Observe;

/// <summary>The loader against a small fake API server on 127.0.0.1 that serves the fixtures' objects with limit/continue.</summary>
public sealed class ClusterSnapshotLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestCertificates _certificates = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);

    private static readonly Dictionary<string, Type> Paths = new()
    {
        ["/apis/apps/v1/namespaces/kins-system/statefulsets"] = typeof(V1StatefulSet),
        ["/apis/apps/v1/namespaces/kins-system/daemonsets"] = typeof(V1DaemonSet),
        ["/api/v1/namespaces/kins-system/services"] = typeof(V1Service),
        ["/api/v1/namespaces/kins-system/configmaps"] = typeof(V1ConfigMap),
        ["/api/v1/nodes"] = typeof(V1Node),
        ["/api/v1/persistentvolumes"] = typeof(V1PersistentVolume),
        ["/api/v1/namespaces/kins-system/pods"] = typeof(V1Pod),
    };

    /// <summary>Serves <paramref name="objects"/> by type; pages hold min(limit, <paramref name="pageSize"/>) items.</summary>
    private static Func<SeenRequest, (int, string)> FakeApi(List<IKubernetesObject<V1ObjectMeta>> objects, int pageSize, ConcurrentQueue<string>? expiredOnce = null)
    {
        return request =>
        {
            var query = HttpUtility.ParseQueryString(request.Query);
            if (!Paths.TryGetValue(request.Path, out var type))
            {
                return (404, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            }
            var expectedSelector = type == typeof(V1Node) ? ClusterSnapshotLoader.ServerNodeSelector
                : type == typeof(V1Pod) ? SuperEdgeNames.AllServerPodsSelector : SuperEdgeNames.AllKinsResourcesSelector;
            Assert.Equal(expectedSelector, query["labelSelector"]);
            var offset = int.Parse(query["continue"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            if (offset > 0 && expiredOnce is not null && expiredOnce.TryDequeue(out _))
            {
                return (410, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","message":"continue token expired","code":410}""");
            }
            var size = Math.Min(int.Parse(query["limit"]!, System.Globalization.CultureInfo.InvariantCulture), pageSize);
            var all = objects.Where(o => o.GetType() == type && (type != typeof(V1Node) || o.Metadata.Labels.ContainsKey(SuperEdgeNames.KinsRoleLabel))).ToList();
            var page = all.Skip(offset).Take(size).ToList();
            var next = offset + size < all.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            var items = string.Join(",", page.Select(o => KubernetesJson.Serialize(o)));
            var continueJson = next is null ? string.Empty : $",\"continue\":\"{next}\"";
            return (200, $$"""{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":"100"{{continueJson}}},"items":[{{items}}]}""");
        };
    }

    private KinsConnection Connect(TestHttpsServer server) =>
        _cache.Get(_dir.Write(Guid.NewGuid().ToString("N"), KubeconfigText.Single("fake", server.Url, clusterExtra: "    certificate-authority-data: " + _certificates.AuthorityBase64)), null);

    private static List<Fixture> Units(int count) => Enumerable.Range(1, count).Select(i => Fixture.Load("l4-ready.yaml", $"unit{i:D3}")).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public async Task Seven_list_calls_whatever_the_number_of_units(int unitCount)
    {
        var units = Units(unitCount);
        await using var server = new TestHttpsServer(_certificates.Server(), FakeApi(units.SelectMany(u => u.Objects).ToList(), pageSize: 1000));

        var snapshot = await ClusterSnapshotLoader.LoadAsync(Connect(server), CancellationToken.None);

        Assert.Equal(7, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("500", HttpUtility.ParseQueryString(r.Query)["limit"]));
        Assert.All(units, u => Assert.Equal(KinsState.Ready, KinsObserver.Observe(u.Unit, snapshot).State));
        Assert.Equal("100", snapshot.ResourceVersionOf(ObservedKind.ConfigMap));
    }

    [Fact]
    public async Task Pages_are_followed_with_continue()
    {
        var units = Units(7);
        await using var server = new TestHttpsServer(_certificates.Server(), FakeApi(units.SelectMany(u => u.Objects).ToList(), pageSize: 3));

        var snapshot = await ClusterSnapshotLoader.LoadAsync(Connect(server), CancellationToken.None);

        Assert.Contains(server.Requests, r => HttpUtility.ParseQueryString(r.Query)["continue"] == "3");
        Assert.All(units, u => Assert.Equal(KinsState.Ready, KinsObserver.Observe(u.Unit, snapshot).State));
        Assert.Equal(units.Sum(u => u.Objects.Count(o => o is not V1Secret)), snapshot.Count);
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list()
    {
        var units = Units(4);
        var expired = new ConcurrentQueue<string>(["once"]);
        await using var server = new TestHttpsServer(_certificates.Server(), FakeApi(units.SelectMany(u => u.Objects).ToList(), pageSize: 2, expired));

        var snapshot = await ClusterSnapshotLoader.LoadAsync(Connect(server), CancellationToken.None);

        Assert.Empty(expired);
        Assert.All(units, u => Assert.Equal(KinsState.Ready, KinsObserver.Observe(u.Unit, snapshot).State));
    }

    [Fact]
    public async Task A_forbidden_list_is_a_KinsException()
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ =>
            (403, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","message":"configmaps is forbidden","code":403}"""));

        var error = await Assert.ThrowsAsync<KinsException>(() => ClusterSnapshotLoader.LoadAsync(Connect(server), CancellationToken.None));

        Assert.Equal(KinsErrorIds.Forbidden, error.ErrorId);
        Assert.Contains("forbidden", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stays_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        await using var server = new TestHttpsServer(_certificates.Server(), async _ =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancel.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return (500, "{}");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterSnapshotLoader.LoadAsync(Connect(server), cancel.Token));
    }

    public void Dispose()
    {
        _cache.Dispose();
        _certificates.Dispose();
        _dir.Dispose();
    }
}
