using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.FieldManagement;

/// <summary>
/// A set of field paths as <c>managedFields</c> records them (fieldsV1): each path is a list of elements
/// <c>f:name</c> (a field), <c>k:{"name":"x"}</c> (a list item by its keys) or <c>v:"x"</c> (a set item). Paths are
/// kept joined, so set algebra is plain hash-set algebra.
/// </summary>
internal sealed class FieldSet
{
    private const char Separator = '\u0000';
    private readonly HashSet<string> _paths;

    public FieldSet() => _paths = new HashSet<string>(StringComparer.Ordinal);

    private FieldSet(IEnumerable<string> paths) => _paths = new HashSet<string>(paths, StringComparer.Ordinal);

    public int Count => _paths.Count;
    public IEnumerable<string> Paths => _paths;

    public static string Join(string parent, string element) => parent.Length == 0 ? element : parent + Separator + element;

    public static string[] Split(string path) => path.Split(Separator);

    public void Add(string path) => _paths.Add(path);

    public bool Contains(string path) => _paths.Contains(path);

    /// <summary>Whether <paramref name="path"/> or anything under it is in the set.</summary>
    public bool ContainsUnder(string path) =>
        _paths.Contains(path) || _paths.Any(p => p.StartsWith(path + Separator, StringComparison.Ordinal));

    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    public FieldSet Except(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    public bool SetEquals(FieldSet other) => _paths.SetEquals(other._paths);

    /// <summary>The fieldsV1 form: a tree of elements, <c>{}</c> for a member leaf, <c>"."</c> for a member with children.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            var elements = Split(path);
            foreach (var element in elements)
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }
                node = child;
            }
            if (node.Count > 0)
            {
                node["."] = new JsonObject();
            }
        }
        MarkMembers(root, string.Empty);
        return Sorted(root);
    }

    // A path added before its children became a leaf "{}"; once it has children it needs "." to stay a member.
    private void MarkMembers(JsonObject node, string path)
    {
        foreach (var (element, value) in node.ToList())
        {
            if (element == "." || value is not JsonObject child) { continue; }
            var childPath = Join(path, element);
            if (child.Count > 0 && !child.ContainsKey(".") && _paths.Contains(childPath))
            {
                child["."] = new JsonObject();
            }
            MarkMembers(child, childPath);
        }
    }

    private static JsonObject Sorted(JsonObject node)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in node.OrderBy(p => p.Key == "." ? string.Empty : p.Key, StringComparer.Ordinal))
        {
            sorted[key] = value is JsonObject child ? Sorted(child) : new JsonObject();
        }
        return sorted;
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject root)
        {
            Read(root, string.Empty, set);
        }
        return set;
    }

    private static void Read(JsonObject node, string path, FieldSet set)
    {
        foreach (var (element, value) in node)
        {
            if (element == ".")
            {
                if (path.Length > 0) { set.Add(path); }
                continue;
            }
            var child = Join(path, element);
            if (value is JsonObject { Count: > 0 } children)
            {
                Read(children, child, set);
            }
            else
            {
                set.Add(child);
            }
        }
    }

    /// <summary>A path as conflict messages print it: <c>.spec.containers[name="a"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in Split(path))
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f': text.Append('.').Append(body); break;
                case 'v': text.Append("[=").Append(body).Append(']'); break;
                case 'i': text.Append('[').Append(body).Append(']'); break;
                default:
                    var keys = JsonNode.Parse(body)!.AsObject().Select(k => k.Key + "=" + k.Value!.ToJsonString());
                    text.Append('[').Append(string.Join(',', keys)).Append(']');
                    break;
            }
        }
        return text.ToString();
    }
}
