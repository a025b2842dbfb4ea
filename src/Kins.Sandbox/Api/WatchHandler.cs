using System.Globalization;
using System.Text.Json;
using Kins.Sandbox.Api.Tables;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>
/// Watch streams: one JSON event per line, flushed at once. Resumes after a resourceVersion (410 when compacted),
/// starts with synthetic ADDED events for 0 or unset, translates selector transitions into ADDED/DELETED,
/// sends BOOKMARKs when allowed, and ends after timeoutSeconds.
/// </summary>
internal sealed class WatchHandler
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly ObjectStore _store;
    private readonly TimeSpan _bookmarkInterval;

    public WatchHandler(ObjectStore store, TimeSpan bookmarkInterval)
    {
        _store = store;
        _bookmarkInterval = bookmarkInterval;
    }

    public async Task StreamAsync(HttpContext context, RequestTarget target, ListQuery query)
    {
        var type = target.Type;
        var from = query.SendInitialEvents ? null : query.ResourceVersion;
        var (backlog, subscription) = _store.Watch(type, target.Namespace, from);
        using var feed = subscription;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (query.TimeoutSeconds is int seconds and > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        var tableVersion = MediaTypes.TableVersion(context.Request.Headers.Accept);
        var table = tableVersion is null ? null : new TableWriter(type, tableVersion, context.Request.Query["includeObject"]);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = MediaTypes.Json;
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(timeout.Token);
        var floor = from ?? 0;
        var lastSent = Math.Max(floor, backlog.Count > 0 ? backlog[^1].ResourceVersion : _store.CurrentResourceVersion);
        try
        {
            foreach (var e in backlog)
            {
                if (Translate(target, query, e) is { } kind)
                {
                    await WriteEventAsync(response, kind, type, e.Object, table, timeout.Token);
                }
            }
            if (query.SendInitialEvents && query.AllowBookmarks)
            {
                await WriteBookmarkAsync(response, type, lastSent, initialEventsEnd: true, timeout.Token);
            }
            await response.Body.FlushAsync(timeout.Token);
            var nextBookmark = DateTime.UtcNow + _bookmarkInterval;
            var unflushed = false;
            while (!timeout.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                if (query.AllowBookmarks) { wait.CancelAfter(Max(nextBookmark - DateTime.UtcNow, TimeSpan.FromMilliseconds(10))); }
                StoreEvent e;
                try
                {
                    e = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    var rv = _store.CurrentResourceVersion;
                    if (!subscription.Reader.TryPeek(out _) && rv > 0)
                    {
                        await WriteBookmarkAsync(response, type, Math.Max(rv, lastSent), initialEventsEnd: false, timeout.Token);
                        await response.Body.FlushAsync(timeout.Token);
                    }
                    nextBookmark = DateTime.UtcNow + _bookmarkInterval;
                    continue;
                }
                if (e.ResourceVersion <= floor)
                {
                    continue;
                }
                lastSent = e.ResourceVersion;
                if (Translate(target, query, e) is { } kind)
                {
                    await WriteEventAsync(response, kind, type, e.Object, table, timeout.Token);
                    unflushed = true;
                }
                // Flush once a burst is written: each flush is a TLS record (and an HTTP/2 frame) of its own.
                if (unflushed && !subscription.Reader.TryPeek(out _))
                {
                    await response.Body.FlushAsync(timeout.Token);
                    unflushed = false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or timeoutSeconds passed: the stream simply ends.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The sandbox is stopping.
        }
    }

    /// <summary>The event type the watcher sees, or null when the change is invisible through its filters.</summary>
    private static string? Translate(RequestTarget target, ListQuery query, StoreEvent e)
    {
        bool Visible(StoredObject? o) => o is not null
            && (!target.Type.Namespaced || target.Namespace is null || o.Namespace == target.Namespace)
            && query.Labels.Matches(o.Labels) && query.Fields.Matches(o);
        var now = Visible(e.Object);
        if (e.Type != StoreEvent.Modified)
        {
            return now ? e.Type : null;
        }
        var before = e.Previous is null || Visible(e.Previous);
        return (before, now) switch
        {
            (true, true) => StoreEvent.Modified,
            (false, true) => StoreEvent.Added,
            (true, false) => StoreEvent.Deleted,
            _ => null,
        };
    }

    private static async Task WriteEventAsync(HttpResponse response, string kind, ResourceType type, StoredObject obj, TableWriter? table, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        await using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", kind);
            w.WritePropertyName("object");
            if (table is null)
            {
                w.WriteRawValue(ObjectViews.Bytes(type, obj), skipInputValidation: true);
            }
            else
            {
                table.Write(w, [(ObjectViews.Node(type, obj), ObjectViews.Bytes(type, obj))], obj.ResourceVersion, null);
            }
            w.WriteEndObject();
        }
        buffer.Write(Newline);
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel);
    }

    private static async Task WriteBookmarkAsync(HttpResponse response, ResourceType type, long rv, bool initialEventsEnd, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        await using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "BOOKMARK");
            w.WriteStartObject("object");
            w.WriteString("kind", type.Kind);
            w.WriteString("apiVersion", type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", rv.ToString(CultureInfo.InvariantCulture));
            w.WriteNull("creationTimestamp");
            if (initialEventsEnd)
            {
                w.WriteStartObject("annotations");
                w.WriteString("k8s.io/initial-events-end", "true");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        buffer.Write(Newline);
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
