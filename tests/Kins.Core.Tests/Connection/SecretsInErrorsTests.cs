using System.Net;
using System.Net.Sockets;
using k8s;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.Observe;
using Kins.Core.Reconcile;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

/// <summary>
/// Failures of real requests (401, 404, 500, connection refused) through Kins.Core: the errors it hands on, walked
/// field by field, never contain the bearer token the requests carried.
/// </summary>
[Collection(ProcessProxyGroup.Name)]
public sealed class SecretsInErrorsTests : IDisposable
{
    private const string Token = "kins-test-secret-0123456789abcdef";
    private readonly TempDirectory _dir = new();
    private readonly TestCertificates _certificates = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);

    private KinsConnection Connect(string server) =>
        _cache.Get(_dir.Write(Guid.NewGuid().ToString("N"), KubeconfigText.Single("secret", server,
            clusterExtra: "    certificate-authority-data: " + _certificates.AuthorityBase64, user: "    token: " + Token)), null);

    private static (int, string) Status(int code, string reason) =>
        (code, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","message":"the server says {{reason}}","code":{{code}}}""");

    private static async Task<Exception> FailureOf(Func<Task> action)
    {
        // No retries: each failure path is walked as it first comes back.
        using var noRetries = new RetryBudget(TimeSpan.Zero).Enter();
        return await Assert.ThrowsAnyAsync<Exception>(action);
    }

    private static void AssertNoToken(Exception error)
    {
        Assert.IsAssignableFrom<KinsException>(error);
        Assert.Empty(DeepSearch.PathsContaining(error, Token));
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            Assert.IsType<KubernetesRequestException>(e);
        }
    }

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(404, "NotFound")]
    [InlineData(500, "InternalError")]
    public async Task Status_failures_keep_status_verb_and_message_but_no_token(int code, string reason)
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ => Status(code, reason));
        var connection = Connect(server.Url);
        await using var reconciler = new KinsReconciler(connection);

        var failures = new List<Exception>
        {
            await FailureOf(() => ClusterSnapshotLoader.LoadAsync(connection, CancellationToken.None)),
            await FailureOf(() => NodeUnitApi.PatchLevelAsync(connection, "unit1", AutonomyLevel.L4, CancellationToken.None)),
            await FailureOf(() => NodeUnitReader.GetAsync(connection, "unit1", CancellationToken.None)),
            await FailureOf(() => reconciler.SetLevelAsync("unit1", AutonomyLevel.L4, wait: true, TimeSpan.FromSeconds(5), null, CancellationToken.None)),
        };

        if (code != 404)
        {
            // A delete of a unit that is not there is no failure.
            failures.Add(await FailureOf(() => NodeUnitApi.DeleteAsync(connection, "unit1", CancellationToken.None)));
        }

        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Header("Authorization")));
        Assert.All(failures, AssertNoToken);
        var patch = Assert.IsType<KubernetesRequestException>(failures[1].InnerException);
        Assert.Equal(code, patch.StatusCode);
        Assert.Equal("PATCH", patch.Verb);
        Assert.Equal($"{server.Url}/apis/site.superedge.io/v1alpha2/nodeunits/unit1?fieldManager=kins", patch.Url);
        Assert.Equal($"the server says {reason}", patch.ServerMessage);
    }

    [Fact]
    public async Task A_refused_connection_keeps_no_token()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var connection = Connect($"https://127.0.0.1:{port}");

        var failures = new List<Exception>
        {
            await FailureOf(() => ClusterSnapshotLoader.LoadAsync(connection, CancellationToken.None)),
            await FailureOf(() => NodeUnitApi.PatchLevelAsync(connection, "unit1", AutonomyLevel.L4, CancellationToken.None)),
            await FailureOf(() => NodeUnitReader.GetAsync(connection, "unit1", CancellationToken.None)),
        };

        Assert.All(failures, AssertNoToken);
        Assert.All(failures, f => Assert.Equal(KinsErrorIds.ClusterUnreachable, ((KinsException)f).ErrorId));
    }

    [Fact]
    public async Task The_walk_finds_the_token_in_what_KubernetesClient_throws()
    {
        // The control: without Kins' wrapping, the token is right there in the request's headers.
        await using var server = new TestHttpsServer(_certificates.Server(), _ => Status(500, "InternalError"));
        var connection = Connect(server.Url);

        var raw = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => connection.Client.CoreV1.ListNodeAsync());

        Assert.NotEmpty(DeepSearch.PathsContaining(raw, Token));
    }

    [Fact]
    public void Query_values_that_could_be_secret_are_redacted_from_URLs()
    {
        var url = SafeExceptions.RedactUrl(new Uri("https://api.example:6443/api/v1/nodes?labelSelector=a%3Db&access_token=abc&limit=5"));

        Assert.Equal("https://api.example:6443/api/v1/nodes?labelSelector=a%3Db&access_token=redacted&limit=5", url);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _certificates.Dispose();
        _dir.Dispose();
    }
}
