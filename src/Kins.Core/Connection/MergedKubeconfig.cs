namespace Kins.Core.Connection;

/// <summary>
/// The kubeconfig files of one source merged by kubectl's rules: the first file to set current-context
/// wins, and the first file to define a cluster, user or context name wins it whole (later definitions
/// are ignored, never mixed in). Names compare case-sensitively, as in kubectl.
/// </summary>
internal sealed class MergedKubeconfig
{
    private readonly Dictionary<string, KubeconfigCluster> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeconfigUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeconfigContext> _contexts = new(StringComparer.Ordinal);
    private readonly List<string> _contextNames = [];

    public MergedKubeconfig(string description) => Description = description;

    public string Description { get; }
    public string? CurrentContext { get; private set; }
    /// <summary>Context names in the order they were first defined.</summary>
    public IReadOnlyList<string> ContextNames => _contextNames;

    public void Merge(KubeconfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
        }
        foreach (var entry in document.Clusters ?? [])
        {
            AddFirst(_clusters, entry.Name, entry.Cluster ?? new KubeconfigCluster());
        }
        foreach (var entry in document.Users ?? [])
        {
            AddFirst(_users, entry.Name, entry.User ?? new KubeconfigUser());
        }
        foreach (var entry in document.Contexts ?? [])
        {
            if (AddFirst(_contexts, entry.Name, entry.Context ?? new KubeconfigContext()))
            {
                _contextNames.Add(entry.Name!);
            }
        }
    }

    public bool TryGetContext(string name, out KubeconfigContext context) => _contexts.TryGetValue(name, out context!);
    public bool TryGetCluster(string name, out KubeconfigCluster cluster) => _clusters.TryGetValue(name, out cluster!);
    public bool TryGetUser(string name, out KubeconfigUser user) => _users.TryGetValue(name, out user!);

    private static bool AddFirst<T>(Dictionary<string, T> map, string? name, T value) =>
        !string.IsNullOrEmpty(name) && map.TryAdd(name, value);
}
