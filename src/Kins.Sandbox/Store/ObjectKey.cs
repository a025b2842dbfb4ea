namespace Kins.Sandbox.Store;

/// <summary>The key of an object in its collection: <c>ns/name</c>, or <c>name</c> when cluster-scoped. Sorted ordinally for paging.</summary>
internal static class ObjectKey
{
    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    /// <summary>First and last possible key of one namespace, for a range scan.</summary>
    public static (string From, string To) NamespaceRange(string ns) => (ns + "/", ns + "/\uffff");
}
