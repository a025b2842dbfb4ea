namespace Kins.Sandbox.Store;

/// <summary>A parsed label selector: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>, ANDed.</summary>
internal sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Op, IReadOnlySet<string> Values);

    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses the query parameter; throws a 400 on malformed input.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    public static LabelSelector FromMatchLabels(IEnumerable<KeyValuePair<string, string>> labels) =>
        new(labels.Select(kv => new Requirement(kv.Key, Op.Equals, new HashSet<string>(StringComparer.Ordinal) { kv.Value })).ToList());

    /// <summary>Adds a <c>matchExpressions</c> entry (operators In, NotIn, Exists, DoesNotExist).</summary>
    public LabelSelector And(string key, string op, IEnumerable<string>? values)
    {
        var parsed = op switch
        {
            "In" => Op.In,
            "NotIn" => Op.NotIn,
            "Exists" => Op.Exists,
            "DoesNotExist" => Op.DoesNotExist,
            _ => throw ApiException.BadRequest($"\"{op}\" is not a valid label selector operator"),
        };
        var all = new List<Requirement>(_requirements) { new(key, parsed, new HashSet<string>(values ?? [], StringComparer.Ordinal)) };
        return new LabelSelector(all);
    }

    /// <summary>"key=value" for every requirement that only one value satisfies (what a label index can answer).</summary>
    public IEnumerable<string> EqualityTerms() =>
        _requirements.Where(r => r.Op is Op.Equals or Op.In && r.Values.Count == 1).Select(r => r.Key + "=" + r.Values.First());

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Op switch
            {
                Op.Equals => has && r.Values.Contains(value!),
                Op.In => has && r.Values.Contains(value!),
                Op.NotEquals => !has || !r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.Exists => has,
                Op.DoesNotExist => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw Malformed(whole);
        }
        if (part[0] == '!')
        {
            return new Requirement(CheckKey(part[1..].Trim(), whole), Op.DoesNotExist, new HashSet<string>());
        }
        var setOp = FindSetOperator(part);
        if (setOp is { } found)
        {
            var key = CheckKey(part[..found.Index].Trim(), whole);
            var rest = part[(found.Index + found.Word.Length)..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw Malformed(whole);
            }
            var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
            return new Requirement(key, found.Word == "notin" ? Op.NotIn : Op.In, values);
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                var key = CheckKey(part[..at].Trim(), whole);
                var value = part[(at + token.Length)..].Trim();
                return new Requirement(key, op, new HashSet<string>(StringComparer.Ordinal) { value });
            }
        }
        return new Requirement(CheckKey(part, whole), Op.Exists, new HashSet<string>());
    }

    private static (int Index, string Word)? FindSetOperator(string part)
    {
        foreach (var word in new[] { "notin", "in" })
        {
            var at = part.IndexOf(" " + word, StringComparison.Ordinal);
            if (at > 0)
            {
                var after = part[(at + 1 + word.Length)..].TrimStart();
                if (after.StartsWith('('))
                {
                    return (at + 1, word);
                }
            }
        }
        return null;
    }

    private static string CheckKey(string key, string whole) =>
        key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '=' or '!') ? throw Malformed(whole) : key;

    private static ApiException Malformed(string text) =>
        ApiException.BadRequest($"unable to parse requirement: found '{text}', expected a valid label selector");

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
