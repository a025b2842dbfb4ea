using k8s;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

public sealed class ConnectionCacheTests : IDisposable
{
    private const string Secret = "s3cret-token-value";
    private readonly TempDirectory _dir = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);

    private const string TwoContexts = """
        current-context: one
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true, proxy-url: "http://user:pw@127.0.0.1:3128"}
        users:
        - name: u
          user: {token: s3cret-token-value}
        contexts:
        - name: one
          context: {cluster: c, user: u, namespace: team}
        - name: two
          context: {cluster: c, user: u}
        """;

    [Fact]
    public void Same_kubeconfig_and_context_share_one_connection()
    {
        var path = _dir.Write("config", TwoContexts);

        var first = _cache.Get(path, "two");
        var second = _cache.Get(path, "two");
        var other = _cache.Get(path, "one");

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(2, _cache.Count);
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_connection()
    {
        var path = _dir.Write("config", TwoContexts);

        var connections = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => _cache.Get(path, "one"))));

        Assert.Single(connections.Distinct());
    }

    [Fact]
    public void A_rewritten_kubeconfig_gets_a_fresh_connection()
    {
        var path = _dir.Write("config", TwoContexts);
        var before = _cache.Get(path, "one");

        File.WriteAllText(path, TwoContexts.Replace("6443", "7443", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var after = _cache.Get(path, "one");

        Assert.NotSame(before, after);
        Assert.Equal("https://127.0.0.1:7443/", after.Server);
    }

    [Fact]
    public void Clear_disposes_every_connection()
    {
        var path = _dir.Write("config", TwoContexts);
        var connection = _cache.Get(path, "one");

        _cache.Clear();

        Assert.Equal(0, _cache.Count);
        Assert.NotSame(connection, _cache.Get(path, "one"));
        Assert.ThrowsAny<Exception>(() => connection.Client.CoreV1.ListNodeAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public void Failures_are_not_cached()
    {
        var path = _dir.Write("config", TwoContexts);

        Assert.Throws<KinsException>(() => _cache.Get(path, "three"));
        File.WriteAllText(path, TwoContexts.Replace("name: two", "name: three", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal("three", _cache.Get(path, "three").ContextName);
    }

    [Fact]
    public void Unknown_context_through_the_cache_is_ContextNotFound()
    {
        var path = _dir.Write("config", TwoContexts);

        var error = Assert.Throws<KinsException>(() => _cache.Get(path, "prod"));

        Assert.Equal(KinsErrorIds.ContextNotFound, error.ErrorId);
        Assert.Contains("one, two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_holds_no_secret()
    {
        var connection = _cache.Get(_dir.Write("config", TwoContexts), null);

        Assert.Equal("one", connection.ContextName);
        Assert.Equal("team", connection.Namespace);
        Assert.Equal("bearer token", connection.Authentication);
        Assert.Equal("http://127.0.0.1:3128/", connection.ProxyUrl);
        var everything = string.Join("|", connection.ToString(), connection.Server, connection.ProxyUrl, connection.Authentication, connection.KubeconfigDescription);
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", everything, StringComparison.Ordinal);
        Assert.Contains("'one'", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubeconfig_is_never_written()
    {
        var path = _dir.Write("config", TwoContexts);
        var written = File.GetLastWriteTimeUtc(path);

        _cache.Get(path, "one");
        _cache.Get(path, "two");
        _cache.Clear();

        Assert.Equal(TwoContexts, File.ReadAllText(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    public void Dispose()
    {
        _cache.Dispose();
        _dir.Dispose();
    }
}
