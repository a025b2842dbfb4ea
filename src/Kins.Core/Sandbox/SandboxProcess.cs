using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kins.Core.Errors;

namespace Kins.Core.Sandbox;

/// <summary>
/// A running sandbox process (the local SuperEdge control plane): started with the dotnet host in a session of its own
/// (so Ctrl+C in the terminal that started it does not reach it), told the current process's id so it ends with it,
/// and stopped by closing its stdin. What callers and Start-KinsSandbox use.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private SandboxProcess(Process process, StringBuilder stderr, string kubeconfig, string context, string endpoint)
    {
        _process = process;
        _stderr = stderr;
        Kubeconfig = kubeconfig;
        Context = context;
        Endpoint = endpoint;
        ProcessId = process.Id;
    }

    /// <summary>Path of the kubeconfig the sandbox wrote.</summary>
    public string Kubeconfig { get; }
    /// <summary>Its context name (<c>kins-sandbox</c>).</summary>
    public string Context { get; }
    /// <summary><c>https://127.0.0.1:PORT</c>.</summary>
    public string Endpoint { get; }
    public int ProcessId { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the sandbox and waits for its ready line; a <see cref="KinsException"/> (SandboxStartFailed) says why it did not start.</summary>
    public static async Task<SandboxProcess> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dll = SandboxLocator.FindSandbox() ?? throw Failed(
            $"{SandboxLocator.SandboxFileName} was not found. Build the module, or set {SandboxLocator.SandboxPathVariable} to the sandbox's path.");
        var start = new ProcessStartInfo(NewSessionLauncher ?? SandboxLocator.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (NewSessionLauncher is not null)
        {
            // setsid(1) makes the host a session and process-group leader (no fork: the child of Process.Start is not a
            // group leader), so the terminal's SIGINT on Ctrl+C goes to the shell's group only; the pid stays the host's.
            start.ArgumentList.Add(SandboxLocator.DotnetHost());
        }
        start.ArgumentList.Add(dll);
        foreach (var arg in options.ToArguments(Environment.ProcessId)) { start.ArgumentList.Add(arg); }
        // A 64 MB gen0 budget: the sandbox allocates a JSON tree per read and write, and with the default budget (tied
        // to the CPU cache) it collected so often that GC was a sixth of its CPU. Read before the runtime starts, so it
        // can only be set here; a value the user set is kept.
        start.Environment.TryAdd("DOTNET_GCgen0size", "0x4000000");

        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { ready.TrySetException(Failed("The sandbox exited before it was ready.", stderr)); }
            else if (e.Data.TrimStart().StartsWith('{')) { ready.TrySetResult(e.Data); }
        };
        try
        {
            if (!process.Start())
            {
                throw Failed($"Could not start '{start.FileName}'.");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw Failed($"Could not start the dotnet host '{start.FileName}': {e.Message}. Set {SandboxLocator.DotnetHostVariable} to the dotnet executable.");
        }
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var line = await ready.Task.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return new SandboxProcess(process, stderr,
                root.GetProperty("kubeconfig").GetString()!, root.GetProperty("context").GetString()!, root.GetProperty("endpoint").GetString()!);
        }
        catch (Exception e) when (e is TimeoutException or JsonException or KeyNotFoundException or OperationCanceledException or KinsException)
        {
            await KillAndWaitAsync(process).ConfigureAwait(false);
            process.Dispose();
            if (e is OperationCanceledException) { throw; }
            throw e is KinsException ? Failed("The sandbox exited before it was ready.", stderr)
                : e is TimeoutException ? Failed($"The sandbox did not say it was ready within {options.StartTimeout.TotalSeconds:0} s.", stderr)
                : Failed($"The sandbox's ready line was not understood: {e.Message}", stderr);
        }
    }

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// setsid(1) where it exists (Linux); .NET's Process has no option for a new session or process group on Unix.
    /// Null elsewhere: the sandbox then shares the terminal's process group (Windows: a console Ctrl+C reaches it).
    /// </summary>
    private static string? NewSessionLauncher { get; } =
        OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;

    /// <summary>Asks the sandbox to stop (closes its stdin), waits for it, and kills it if it does not exit in time.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process.HasExited)
        {
            return;
        }
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAndWaitAsync(_process).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cuts (<paramref name="online"/> false) or restores the sandbox's cloud side: while cut, the cloud API and
    /// tunnel-cloud's proxy give no answer, and the promoted units' edge endpoints keep serving.
    /// </summary>
    public async Task SetCloudOnlineAsync(bool online, CancellationToken cancellationToken = default)
    {
        using var control = new SandboxControlClient(Kubeconfig, Endpoint);
        await control.SendAsync(HttpMethod.Post, online ? "/sandbox/cloud/online" : "/sandbox/cloud/offline", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts (<paramref name="online"/> false) or restores one site's link: its nodes stop renewing their Leases (and
    /// turn Unknown after the grace period), tunnel-cloud cannot reach its edge cluster, which keeps serving.
    /// </summary>
    public async Task SetSiteOnlineAsync(string unit, bool online, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        using var control = new SandboxControlClient(Kubeconfig, Endpoint);
        await control.SendAsync(HttpMethod.Post, $"/sandbox/sites/{Uri.EscapeDataString(unit)}/{(online ? "online" : "offline")}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the faults the sandbox's cloud API injects from now on, replacing any set before; null or no fault clears
    /// them. Returns the faults in force, with the seed in use.
    /// </summary>
    public async Task<SandboxFaults> SetFaultsAsync(SandboxFaults? faults, CancellationToken cancellationToken = default)
    {
        faults?.Validate();
        using var control = new SandboxControlClient(Kubeconfig, Endpoint);
        var answer = faults is null || !faults.Any
            ? await control.SendAsync(HttpMethod.Delete, "/sandbox/faults", cancellationToken).ConfigureAwait(false)
            : await control.SendAsync(HttpMethod.Put, "/sandbox/faults", cancellationToken, faults.ToJson().ToJsonString()).ConfigureAwait(false);
        return SandboxFaults.FromJson((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(answer)!);
    }

    /// <summary>
    /// The cloud API's request counts since start, as JSON: <c>{"requests", "lists", "watches", "writes", "byVerb",
    /// "faults", "nodeUnitWrites"}</c> (the sandbox's own endpoints not counted).
    /// </summary>
    public async Task<string> GetMetricsJsonAsync(CancellationToken cancellationToken = default)
    {
        using var control = new SandboxControlClient(Kubeconfig, Endpoint);
        return await control.SendAsync(HttpMethod.Get, "/sandbox/metrics", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the sandbox wrote to stderr so far (for diagnostics).</summary>
    public string StandardError
    {
        get { lock (_stderr) { return _stderr.ToString(); } }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.StandardInput.Close(); } catch (IOException) { }
            if (!_process.WaitForExit(StopGrace))
            {
                Kill(_process);
                _process.WaitForExit(KillGrace);
            }
        }
        _process.Dispose();
    }

    /// <summary>Kills the process tree and returns once the process has exited (its port and files released), within a bound.</summary>
    internal static async Task KillAndWaitAsync(Process process)
    {
        Kill(process);
        using var bound = new CancellationTokenSource(KillGrace);
        try
        {
            await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL this long is stuck in the kernel; nothing more to do.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) { process.Kill(entireProcessTree: true); }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private static KinsException Failed(string message, StringBuilder? stderr = null)
    {
        string? detail = null;
        if (stderr is not null) { lock (stderr) { detail = stderr.ToString().Trim(); } }
        var text = string.IsNullOrEmpty(detail) ? message : message + " Its error output: " + detail;
        return new KinsException(KinsErrorIds.SandboxStartFailed, KinsErrorCategory.ResourceUnavailable, text);
    }
}
