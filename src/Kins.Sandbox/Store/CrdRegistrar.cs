using Kins.Sandbox.Schema;

namespace Kins.Sandbox.Store;

/// <summary>
/// Serves a CRD's versions as soon as the CRD is committed (so discovery shows it to the next request), and
/// removes the resource and all its objects when the CRD is deleted.
/// </summary>
internal sealed class CrdRegistrar
{
    private readonly ResourceRegistry _registry;
    private readonly ObjectStore _store;

    public CrdRegistrar(ResourceRegistry registry, ObjectStore store)
    {
        _registry = registry;
        _store = store;
    }

    public void Attach() => _store.AddCommitObserver(OnCommitted);

    private void OnCommitted(StoreEvent e)
    {
        if (e.StorageKey != BuiltinResources.CustomResourceDefinitions.StorageKey)
        {
            return;
        }
        if (e.Type == StoreEvent.Deleted)
        {
            var gone = CrdTypes.From(e.Object.Parse());
            _registry.RemoveCustom(e.Object.Name);
            if (gone.Count > 0)
            {
                _store.DropCollection(gone[0].StorageKey);
            }
            return;
        }
        _registry.SetCustom(e.Object.Name, CrdTypes.From(e.Object.Parse()));
    }
}
