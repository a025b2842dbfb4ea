using System.Collections.Concurrent;

namespace Kins.Core.Connection;

/// <summary>
/// One connection per (kubeconfig, context) for the session. Thread-safe: concurrent callers for the same
/// key share one connection, built once. A kubeconfig file that changed on disk gets a fresh connection.
/// <see cref="Clear"/> (on module removal) disposes every connection.
/// </summary>
public sealed class ConnectionCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Source, string Context), Lazy<KinsConnection>> _connections = new();
    private readonly Func<KubeconfigEnvironment> _environment;
    private readonly ConnectionOptions _options;

    public ConnectionCache() : this(KubeconfigEnvironment.Current, ConnectionOptions.Default) { }

    internal ConnectionCache(Func<KubeconfigEnvironment> environment, ConnectionOptions options)
    {
        _environment = environment;
        _options = options;
    }

    /// <summary>The session's cache, used by the cmdlets.</summary>
    public static ConnectionCache Shared { get; } = new();

    public int Count => _connections.Count;

    /// <summary>
    /// The connection for <paramref name="context"/> (null: the current-context) of the kubeconfig at
    /// <paramref name="kubeconfigPath"/> (null: $KUBECONFIG merged, else ~/.kube/config, else in-cluster).
    /// Throws <see cref="Errors.KinsException"/> (KubeconfigNotFound, KubeconfigInvalid, ContextNotFound, CredentialPluginFailed).
    /// </summary>
    public KinsConnection Get(string? kubeconfigPath, string? context)
    {
        var env = _environment();
        var source = KubeconfigSource.Resolve(kubeconfigPath, env);
        var key = (source.Fingerprint, context ?? string.Empty);
        var lazy = _connections.GetOrAdd(key, _ => new Lazy<KinsConnection>(() => Create(source, env, context), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failure is not cached: the next call (after fixing the kubeconfig) tries again.
            _connections.TryRemove(new KeyValuePair<(string, string), Lazy<KinsConnection>>(key, lazy));
            throw;
        }
    }

    /// <summary>Disposes and forgets every connection.</summary>
    public void Clear()
    {
        foreach (var key in _connections.Keys)
        {
            if (_connections.TryRemove(key, out var lazy) && lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }
    }

    public void Dispose() => Clear();

    private KinsConnection Create(KubeconfigSource source, KubeconfigEnvironment env, string? context)
    {
        if (source.InCluster)
        {
            if (!string.IsNullOrEmpty(context) && context != ConnectionFactory.InClusterContextName)
            {
                throw new Errors.KinsException(Errors.KinsErrorIds.ContextNotFound, Errors.KinsErrorCategory.ObjectNotFound,
                    $"The context '{context}' does not exist: no kubeconfig was found, and the in-cluster configuration has only the context '{ConnectionFactory.InClusterContextName}'.", context);
            }
            return ConnectionFactory.InCluster(env, _options);
        }
        var merged = KubeconfigLoader.Load(source);
        var connection = ConnectionFactory.FromContext(SelectedContext.From(merged, context), _options);
        connection.KubeconfigFiles = source.Files;
        return connection;
    }
}
