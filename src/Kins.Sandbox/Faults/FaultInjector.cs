using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kins.Core.Sandbox;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Api;
using Kins.Sandbox.Control;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Faults;

/// <summary>
/// The cloud API's fault layer, between the cloud link's gate and the API: injects the <see cref="SandboxFaults"/>
/// set through <c>/sandbox/faults</c> (never into the <c>/sandbox/*</c> endpoints themselves) and keeps the
/// per-unit write ledger. Refused requests (5xx, 429, 409) are not applied; a lost response is applied first.
/// A timed cut of the whole cloud (<see cref="SandboxFaults.CloudCutAfterWrites"/>) goes through the cloud link,
/// so it looks to clients exactly like <c>/sandbox/cloud/offline</c>.
/// </summary>
internal sealed class FaultInjector
{
    private readonly TimeProvider _time;
    private readonly CloudLink? _link;
    private readonly object _gate = new();
    private SandboxFaults _faults = new();
    private FaultDice _dice = new(0);
    private long _delayed;
    private long _serverErrors;
    private long _throttled;
    private long _conflicts;
    private long _lostResponses;
    private long _watchesCut;
    private long _watchesHalfOpened;
    private long _connectionsReset;
    private long _cloudCuts;
    private long _writesSinceSet;
    private ITimer? _cloudRestore;

    /// <param name="link">The cloud link a timed cloud cut goes through; null where there is none (then no cut).</param>
    public FaultInjector(CloudLink? link = null, TimeProvider? time = null)
    {
        _link = link;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Writes per NodeUnit, counted whether or not faults are set.</summary>
    public UnitWriteLedger Writes { get; } = new();

    /// <summary>The faults in force, with the seed in use.</summary>
    public SandboxFaults Current
    {
        get { lock (_gate) { return _faults; } }
    }

    /// <summary>Replaces the faults in force (validated; a missing seed is drawn, so a run can be replayed).</summary>
    public SandboxFaults Set(SandboxFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        faults.Validate();
        var seed = faults.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var applied = SandboxFaults.FromJson(faults.ToJson());
        applied.Seed = seed;
        lock (_gate)
        {
            _faults = applied;
            _dice = new FaultDice(seed);
            Interlocked.Exchange(ref _writesSinceSet, 0);
        }
        return applied;
    }

    /// <summary><c>{"delayed", "serverErrors", "throttled", "conflicts", "lostResponses", "connectionsReset", "cloudCuts", "watchesCut", "watchesHalfOpened"}</c>.</summary>
    public JsonObject CountsJson() => new()
    {
        ["delayed"] = Interlocked.Read(ref _delayed),
        ["serverErrors"] = Interlocked.Read(ref _serverErrors),
        ["throttled"] = Interlocked.Read(ref _throttled),
        ["conflicts"] = Interlocked.Read(ref _conflicts),
        ["lostResponses"] = Interlocked.Read(ref _lostResponses),
        ["connectionsReset"] = Interlocked.Read(ref _connectionsReset),
        ["cloudCuts"] = Interlocked.Read(ref _cloudCuts),
        ["watchesCut"] = Interlocked.Read(ref _watchesCut),
        ["watchesHalfOpened"] = Interlocked.Read(ref _watchesHalfOpened),
    };

    public async Task ApplyAsync(HttpContext context, Func<HttpContext, Task> next)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path.StartsWith(ApiDispatcher.ControlPrefix, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        SandboxFaults faults;
        FaultDice dice;
        lock (_gate) { (faults, dice) = (_faults, _dice); }
        var write = request.Method is "POST" or "PUT" or "PATCH" or "DELETE";
        var unit = write ? NodeUnitOf(path) : null;
        if (unit is not null) { Writes.Arrived(unit); }
        if (!faults.Any)
        {
            await ServeAsync(context, next, unit);
            return;
        }
        if (unit is not null && faults.CloudCutAfterWrites is { } cutAt && Interlocked.Increment(ref _writesSinceSet) == cutAt && CutCloud(faults.CloudCutFor))
        {
            // The cut aborted this request too (the link's gate holds it): it was not applied.
            Writes.Finished(unit, applied: false, acknowledged: false);
            return;
        }
        if (faults.Latency > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _delayed);
            await Task.Delay(faults.Latency, _time, context.RequestAborted);
        }
        var watch = IsWatch(request, path);
        var roll = dice.Roll(request.Method + " " + path + (watch ? " watch" : string.Empty));
        var bound = faults.ServerErrorRate;
        if (roll < bound)
        {
            Interlocked.Increment(ref _serverErrors);
            await RefuseAsync(context, unit, FaultDice.Coin(roll)
                ? new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)")
                : new ApiException(500, "InternalError", "an error on the server (\"injected fault\") has prevented the request from succeeding"));
            return;
        }
        if (roll < (bound += faults.ThrottleRate))
        {
            Interlocked.Increment(ref _throttled);
            var seconds = (int)Math.Ceiling(faults.RetryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await RefuseAsync(context, unit, new ApiException(429, "TooManyRequests",
                "the server has received too many requests and has asked us to try again later (injected fault)", retryAfterSeconds: seconds));
            return;
        }
        if (write && roll < (bound += faults.ConflictRate))
        {
            Interlocked.Increment(ref _conflicts);
            await RefuseAsync(context, unit, new ApiException(409, "Conflict",
                "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)"));
            return;
        }
        if (write && roll < (bound += faults.LostResponseRate))
        {
            Interlocked.Increment(ref _lostResponses);
            await ApplyThenFailAsync(context, next, unit);
            return;
        }
        if (roll < (bound += faults.ConnectionResetRate))
        {
            Interlocked.Increment(ref _connectionsReset);
            await ResetAsync(context, next, unit, afterApplying: write && FaultDice.Coin(roll));
            return;
        }
        if (watch && (faults.WatchCutAfter is not null || faults.WatchHalfOpenAfter is not null))
        {
            await WatchWithFaultsAsync(context, next, faults);
            return;
        }
        await ServeAsync(context, next, unit);
    }

    private async Task ServeAsync(HttpContext context, Func<HttpContext, Task> next, string? unit)
    {
        await next(context);
        if (unit is not null)
        {
            // A write applied while its connection was cut (the cloud link went down meanwhile) reached no client:
            // applied, not acknowledged, and the client's retry of it is no write after an acknowledged one.
            var applied = IsSuccess(context.Response.StatusCode);
            Writes.Finished(unit, applied, acknowledged: applied && !context.RequestAborted.IsCancellationRequested);
        }
    }

    private async Task RefuseAsync(HttpContext context, string? unit, ApiException error)
    {
        if (unit is not null) { Writes.Finished(unit, applied: false, acknowledged: false); }
        await HttpIo.WriteStatusAsync(context, error);
    }

    /// <summary>The request is applied; its answer is dropped and replaced by a 500.</summary>
    private async Task ApplyThenFailAsync(HttpContext context, Func<HttpContext, Task> next, string? unit)
    {
        var body = context.Response.Body;
        using (var dropped = new MemoryStream())
        {
            context.Response.Body = dropped;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
            }
        }
        if (unit is not null) { Writes.Finished(unit, applied: IsSuccess(context.Response.StatusCode), acknowledged: false); }
        context.Response.Clear();
        await HttpIo.WriteStatusAsync(context, new ApiException(500, "InternalError",
            "an error on the server (\"injected fault: the change was applied, its response lost\") has prevented the request from succeeding"));
    }

    /// <summary>Resets the connection with no answer: before the request is handled, or after it was applied.</summary>
    private async Task ResetAsync(HttpContext context, Func<HttpContext, Task> next, string? unit, bool afterApplying)
    {
        if (afterApplying)
        {
            var body = context.Response.Body;
            using var dropped = new MemoryStream();
            context.Response.Body = dropped;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
            }
        }
        if (unit is not null) { Writes.Finished(unit, applied: afterApplying && IsSuccess(context.Response.StatusCode), acknowledged: false); }
        context.Abort();
    }

    /// <summary>Cuts the whole cloud now and restores it after <paramref name="length"/>, on the fault layer's clock.</summary>
    private bool CutCloud(TimeSpan length)
    {
        if (_link is null)
        {
            return false;
        }
        Interlocked.Increment(ref _cloudCuts);
        var restore = _time.CreateTimer(_ => _link.SetOnline(true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _cloudRestore, restore)?.Dispose();
        _link.SetOnline(false);
        restore.Change(length, Timeout.InfiniteTimeSpan);
        return true;
    }

    private async Task WatchWithFaultsAsync(HttpContext context, Func<HttpContext, Task> next, SandboxFaults faults)
    {
        using var cut = faults.WatchCutAfter is { } after ? new CancellationTokenSource(after, _time) : null;
        using var reset = cut?.Token.Register(() =>
        {
            Interlocked.Increment(ref _watchesCut);
            context.Abort();
        });
        HalfOpenStream? halfOpen = null;
        var body = context.Response.Body;
        if (faults.WatchHalfOpenAfter is { } stall)
        {
            var silence = Task.Delay(stall, _time, context.RequestAborted).ContinueWith(
                t => { if (t.IsCompletedSuccessfully) { Interlocked.Increment(ref _watchesHalfOpened); } },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            halfOpen = new HalfOpenStream(body, silence, context.RequestAborted);
            context.Response.Body = halfOpen;
        }
        try
        {
            await next(context);
            // A watch that ended by its own timeout after going silent must not end the response either.
            if (halfOpen is not null) { await halfOpen.HangIfSilentAsync(); }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up on the silent watch, or the cut reset it.
        }
        finally
        {
            context.Response.Body = body;
        }
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    private static bool IsWatch(HttpRequest request, string path) =>
        request.Method == "GET" && (ListQuery.IsTrue(request.Query["watch"]) || path.Contains("/watch/", StringComparison.Ordinal));

    /// <summary>The NodeUnit a request path names (the object or one of its subresources), or null.</summary>
    private static string? NodeUnitOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["apis", SuperEdgeNames.Group, _, SuperEdgeNames.Plural, var name, ..] ? name : null;
    }
}
