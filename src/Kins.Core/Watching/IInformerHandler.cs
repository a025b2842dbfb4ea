using k8s;

namespace Kins.Core.Watching;

/// <summary>Receives what an <see cref="Informer{T}"/> sees. Calls come from one task at a time.</summary>
internal interface IInformerHandler<in T>
{
    /// <summary>A full (re-)list: the complete current set, replacing whatever was known.</summary>
    void Replace(IReadOnlyList<T> items);

    /// <summary>One change seen on the watch.</summary>
    void Apply(WatchEventType type, T item);
}
