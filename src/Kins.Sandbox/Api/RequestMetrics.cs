using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Api;

/// <summary>
/// Counts the API requests a server answered since start (the sandbox's own <c>/sandbox/*</c> endpoints excluded),
/// by Kubernetes audit verb, so benchmarks can tell how many calls a cmdlet made. Lock-free: one Interlocked
/// increment per request.
/// </summary>
internal sealed class RequestMetrics
{
    /// <summary>The verbs counted, in the order they are reported; "discovery" is every non-resource GET.</summary>
    public static readonly string[] Verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "discovery", "other"];
    private readonly long[] _byVerb = new long[Verbs.Length];
    private long _requests;
    private long _openWatches;
    private readonly ConcurrentDictionary<string, long> _unselectedLists = new(StringComparer.Ordinal);

    public void WatchOpened() => Interlocked.Increment(ref _openWatches);

    public void WatchClosed() => Interlocked.Decrement(ref _openWatches);

    public void Count(string verb)
    {
        Interlocked.Increment(ref _requests);
        var index = Array.IndexOf(Verbs, verb);
        Interlocked.Increment(ref _byVerb[index < 0 ? Verbs.Length - 1 : index]);
    }

    /// <summary>Counts a list of every object of a resource (no label or field selector): what a fleet-sized cluster pays for.</summary>
    public void CountUnselectedList(string resource) => _unselectedLists.AddOrUpdate(resource, 1, (_, count) => count + 1);

    /// <summary>The audit verb of a resource request: the method, whether it names an object, and <c>watch=true</c>.</summary>
    public static string VerbOf(string method, bool named, bool watch) => (method, named) switch
    {
        ("GET", true) => "get",
        ("GET", false) => watch ? "watch" : "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", true) => "delete",
        ("DELETE", false) => "deletecollection",
        _ => "other",
    };

    /// <summary><c>{"requests", "lists", "watches", "writes", "openWatches", "byVerb": {...}, "unselectedLists": {resource: n}}</c>.</summary>
    public JsonObject ToJson()
    {
        long Read(string verb) => Interlocked.Read(ref _byVerb[Array.IndexOf(Verbs, verb)]);
        var byVerb = new JsonObject();
        foreach (var verb in Verbs) { byVerb[verb] = Read(verb); }
        return new JsonObject
        {
            ["requests"] = Interlocked.Read(ref _requests),
            ["lists"] = Read("list"),
            ["watches"] = Read("watch"),
            ["writes"] = Read("create") + Read("update") + Read("patch") + Read("delete") + Read("deletecollection"),
            ["openWatches"] = Interlocked.Read(ref _openWatches),
            ["byVerb"] = byVerb,
            ["unselectedLists"] = new JsonObject(_unselectedLists.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
    }
}
