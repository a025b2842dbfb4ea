using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Kins.Core.Tests.TestSupport;
using Kins.Core.Watching;

namespace Kins.Core.Tests.Watching;

/// <summary>
/// A scripted list-and-watch source, like client-go's fake lister-watcher: lists answer from <see cref="Items"/>
/// (or throw the queued failures); each watch is a <see cref="FakeWatch"/> the test drives event by event.
/// </summary>
internal sealed class FakeWatchSource : FakeWatchSource<V1ConfigMap>
{
    public FakeWatchSource() : base("configmaps (fake)") { }

    public static V1ConfigMap Object(string name, string resourceVersion) => Make(name, resourceVersion);
}

/// <summary>The scripted source for any kind.</summary>
internal class FakeWatchSource<T>(string description) : IWatchSource<T> where T : class, IKubernetesObject<V1ObjectMeta>, new()
{
    private readonly Channel<FakeWatch> _opened = Channel.CreateUnbounded<FakeWatch>();
    private int _listCalls;

    public string Description => description;

    /// <summary>What a list returns, and the list's resourceVersion.</summary>
    public List<T> Items { get; } = [];

    public string ListVersion { get; set; } = "10";

    public ConcurrentQueue<Exception> ListFailures { get; } = new();

    /// <summary>The next watches fail to open with these (as KubernetesClient throws an error response).</summary>
    public ConcurrentQueue<Exception> OpenFailures { get; } = new();

    public int ListCalls => Volatile.Read(ref _listCalls);

    public ConcurrentQueue<FakeWatch> Watches { get; } = new();

    public Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        return ListFailures.TryDequeue(out var failure)
            ? Task.FromException<ListPage<T>>(failure)
            : Task.FromResult(new ListPage<T>([.. Items], null, ListVersion));
    }

    /// <summary>The next watch opened (waits for it, within the hang guard).</summary>
    public async Task<FakeWatch> NextWatchAsync() => await _opened.Reader.ReadAsync().AsTask().WaitAsync(ManualClock.Guard).ConfigureAwait(false);

    /// <summary>Completes when another watch has been opened, without taking it (within the hang guard).</summary>
    public Task WatchOpenedAsync() => _opened.Reader.WaitToReadAsync().AsTask().WaitAsync(ManualClock.Guard);

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds,
        Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watch = new FakeWatch(resourceVersion, timeoutSeconds, (name, version) => Make(name, version), cancellationToken);
        Watches.Enqueue(watch);
        _opened.Writer.TryWrite(watch);
        if (OpenFailures.TryDequeue(out var failure))
        {
            throw failure;
        }
        while (true)
        {
            var step = await watch.Steps.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (step)
            {
                case FakeEvent { Item: T item } change:
                    yield return (change.Type, item);
                    break;
                case Exception error when error is k8s.Autorest.HttpOperationException or KubernetesException:
                    onError(error);
                    break;
                case Exception error:
                    throw error;
                default:
                    yield break;
            }
        }
    }

    public static T Make(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kins-system", ResourceVersion = resourceVersion } };
}

internal sealed record FakeEvent(WatchEventType Type, object Item);

/// <summary>One watch the test drives: events, error events, a clean end or a broken stream.</summary>
internal sealed class FakeWatch(string resourceVersion, int timeoutSeconds, Func<string, string, object> make, CancellationToken token)
{
    public Channel<object> Steps { get; } = Channel.CreateUnbounded<object>();
    public string ResourceVersion => resourceVersion;
    public int TimeoutSeconds => timeoutSeconds;
    /// <summary>Cancelled when the informer gives the watch up (stall, error event, stop).</summary>
    public CancellationToken Token => token;

    public void Send(WatchEventType type, string name, string version) => Send(type, make(name, version));

    public void Send(WatchEventType type, object item) => Steps.Writer.TryWrite(new FakeEvent(type, item));

    public void Bookmark(string version) => Send(WatchEventType.Bookmark, string.Empty, version);

    public void SendError(int code) =>
        Steps.Writer.TryWrite(new KubernetesException(new V1Status { Code = code, Message = $"error {code}", Reason = code == 410 ? "Expired" : "InternalError" }));

    public void Fail(Exception error) => Steps.Writer.TryWrite(error);

    public void End() => Steps.Writer.TryWrite("end");
}

/// <summary>Records what an informer hands its handler.</summary>
internal sealed class RecordingHandler : IInformerHandler<V1ConfigMap>
{
    public ConcurrentQueue<IReadOnlyList<string>> Replaced { get; } = new();
    public ConcurrentQueue<string> Applied { get; } = new();

    public void Replace(IReadOnlyList<V1ConfigMap> items) => Replaced.Enqueue([.. items.Select(i => i.Metadata.Name)]);

    public void Apply(WatchEventType type, V1ConfigMap item) => Applied.Enqueue($"{type} {item.Metadata.Name}");
}

/// <summary>Records health reports.</summary>
internal sealed class RecordingHealth : IWatchHealth
{
    public ConcurrentQueue<string> Reports { get; } = new();

    public void Healthy(string source) => Reports.Enqueue("healthy");

    public void Failed(string source, Exception error) => Reports.Enqueue("failed: " + error.Message);
}
