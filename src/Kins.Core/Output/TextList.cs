using System.Collections.ObjectModel;

namespace Kins.Core.Output;

/// <summary>
/// A read-only list that prints as its items joined by commas, so Export-Csv and string conversion show
/// "node-1,node-2" (kubectl's list style) instead of a type name; JSON still sees an array.
/// </summary>
public sealed class TextList<T> : ReadOnlyCollection<T>
{
    public TextList(IEnumerable<T>? items) : base([.. items ?? []]) { }

    public override string ToString() => string.Join(",", this);
}

/// <summary>Labels that print as "key=value,key=value" (kubectl's selector style); JSON still sees an object.</summary>
public sealed class LabelSet : ReadOnlyDictionary<string, string>
{
    public LabelSet(IDictionary<string, string>? labels)
        : base(new SortedDictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)) { }

    public override string ToString() => string.Join(",", this.Select(l => $"{l.Key}={l.Value}"));
}
