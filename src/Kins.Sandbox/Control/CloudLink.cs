using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Control;

/// <summary>
/// The link between the cloud side and the edge. Cut, the cloud API gives no answer at all: every request but the
/// sandbox's own <c>/sandbox/*</c> is aborted (connection closed, or stream reset under HTTP/2), and open watches
/// and tunnels are cut. A lost link yields no HTTP response, so clients see a transport error as they would;
/// a 503 would claim a reachable server and invite retries. The edge endpoints keep serving.
/// </summary>
internal sealed class CloudLink : IDisposable
{
    private readonly object _gate = new();
    private CancellationTokenSource _online = new();
    private bool _isOnline = true;

    /// <summary>Cuts of single sites (units), beside this whole-cloud cut.</summary>
    public SiteLinks Sites { get; } = new();

    public bool IsOnline
    {
        get { lock (_gate) { return _isOnline; } }
    }

    /// <summary>Cancelled when the link is cut; what requests and tunnels that live across the cut hang on.</summary>
    public CancellationToken WhileOnline
    {
        get { lock (_gate) { return _online.Token; } }
    }

    public void SetOnline(bool online)
    {
        CancellationTokenSource? cut = null;
        lock (_gate)
        {
            if (online == _isOnline)
            {
                return;
            }
            _isOnline = online;
            if (online)
            {
                _online = new CancellationTokenSource();
            }
            else
            {
                cut = _online;
            }
        }
        // Not disposed: while cut it stays the current source, its token already cancelled.
        cut?.Cancel();
    }

    /// <summary>The cloud API's gate: aborts requests while cut and those in flight when the cut comes.</summary>
    public async Task GateAsync(HttpContext context, Func<HttpContext, Task> next)
    {
        if ((context.Request.Path.Value ?? string.Empty).StartsWith(Api.ApiDispatcher.ControlPrefix, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        CancellationToken whileOnline;
        lock (_gate)
        {
            if (!_isOnline)
            {
                context.Abort();
                return;
            }
            whileOnline = _online.Token;
        }
        using (whileOnline.Register(context.Abort))
        {
            await next(context);
        }
    }

    public void Dispose()
    {
        lock (_gate) { _online.Dispose(); }
    }
}
