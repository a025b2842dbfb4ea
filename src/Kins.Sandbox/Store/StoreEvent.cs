namespace Kins.Sandbox.Store;

/// <summary>One committed change: watch type (ADDED, MODIFIED, DELETED), the collection and the new (or last) version.</summary>
internal sealed record StoreEvent(string Type, string StorageKey, StoredObject Object, StoredObject? Previous)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";

    public long ResourceVersion => Object.ResourceVersion;
}
