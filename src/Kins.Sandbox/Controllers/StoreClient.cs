using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Controllers;

/// <summary>
/// How the in-process controllers read and write: straight to the store, with the API's semantics (validation as
/// the API server does it, see <see cref="ApiValidation"/>; 409 on a stale resourceVersion; a read-modify-write
/// re-reads and re-applies its edit on conflict, so it never clobbers a concurrent client patch).
/// </summary>
internal sealed class StoreClient
{
    public StoreClient(ObjectStore store, ResourceRegistry registry)
    {
        Store = store;
        Registry = registry;
    }

    public ObjectStore Store { get; }
    public ResourceRegistry Registry { get; }

    public StoredObject? Get(ResourceType type, string? ns, string name) => Store.Get(type, ns, name);

    public IReadOnlyList<StoredObject> List(ResourceType type, string? ns = null, LabelSelector? labels = null) =>
        Store.List(type, ns, labels ?? LabelSelector.Everything, FieldSelector.Everything).Items;

    /// <summary>Creates the object; throws the API's error (409 AlreadyExists, 422 Invalid, 404 namespace).</summary>
    public StoredObject Create(ResourceType type, JsonObject obj)
    {
        ApiValidation.Check(type, obj);
        return Store.Create(new WriteContext(type), obj);
    }

    /// <summary>
    /// A PUT of the whole object: with its resourceVersion it fails with 409 when the object changed meanwhile;
    /// without one (built-in types only) it overwrites. An update that changes nothing commits nothing.
    /// </summary>
    public StoredObject Update(ResourceType type, JsonObject obj, string? subresource = null)
    {
        ApiValidation.Check(type, obj);
        return Store.Update(new WriteContext(type) { Subresource = subresource }, obj);
    }

    /// <summary>Deletes every object of the type in the namespace that the selector matches (a DELETE of the collection).</summary>
    public void DeleteCollection(ResourceType type, string? ns, LabelSelector selector)
    {
        foreach (var obj in List(type, ns, selector)) { DeleteIfExists(type, obj.Namespace, obj.Name); }
    }

    /// <summary>Creates the object; false when it already exists.</summary>
    public bool TryCreate(ResourceType type, JsonObject obj)
    {
        try
        {
            Create(type, obj);
            return true;
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            return false;
        }
    }

    public void DeleteIfExists(ResourceType type, string? ns, string name)
    {
        try
        {
            Store.Delete(type, ns, name);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Read-modify-write: <paramref name="edit"/> changes a fresh copy (returns false for "nothing to do"); a
    /// conflict re-reads and re-applies it. Returns the stored version, or null when the object is gone.
    /// </summary>
    public StoredObject? Mutate(ResourceType type, string? ns, string name, Func<JsonObject, bool> edit, string? subresource = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = Store.Get(type, ns, name);
            if (current is null)
            {
                return null;
            }
            var node = current.Parse();
            if (!edit(node))
            {
                return current;
            }
            try
            {
                return Update(type, node, subresource);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < 50)
            {
                // Written meanwhile: read again and re-apply the edit to the newer version.
            }
            catch (ApiException e) when (e.Code == 404)
            {
                return null;
            }
        }
    }
}
