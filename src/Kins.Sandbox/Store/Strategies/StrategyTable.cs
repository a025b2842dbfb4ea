namespace Kins.Sandbox.Store.Strategies;

/// <summary>Picks the defaulting and validation strategy of a resource type.</summary>
internal sealed class StrategyTable
{
    private readonly Dictionary<string, IResourceStrategy> _builtins = new(StringComparer.Ordinal)
    {
        [BuiltinResources.Namespaces.StorageKey] = new NamespaceStrategy(),
        [BuiltinResources.Services.StorageKey] = new ServiceStrategy(),
        [BuiltinResources.Secrets.StorageKey] = new SecretStrategy(),
        [BuiltinResources.CustomResourceDefinitions.StorageKey] = new CrdStrategy(),
        [BuiltinResources.Pods.StorageKey] = new PodStrategy(),
        [BuiltinResources.StatefulSets.StorageKey] = new StatefulSetStrategy(),
        [BuiltinResources.DaemonSets.StorageKey] = new DaemonSetStrategy(),
    };

    public IResourceStrategy For(ResourceType type) =>
        type.IsCustom ? CustomResourceStrategy.Instance
        : _builtins.TryGetValue(type.StorageKey, out var strategy) ? strategy
        : DefaultStrategy.Instance;
}
