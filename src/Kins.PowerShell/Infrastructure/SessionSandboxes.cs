using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using Kins.Core.Errors;
using Kins.Core.Sandbox;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// The sandboxes each runspace started; a runspace's are stopped when it removes the module
/// (another runspace of the same process keeps its own).
/// </summary>
internal static class SessionSandboxes
{
    private static readonly ConcurrentDictionary<int, (SandboxProcess Sandbox, Guid Runspace)> Running = new();
    // Stopped ones are remembered (by pid, with when), so stopping twice says so instead of "never started here".
    private static readonly ConcurrentDictionary<int, DateTime> Stopped = new();

    private static Guid CurrentRunspace => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    public static void Add(SandboxProcess sandbox) => Running[sandbox.ProcessId] = (sandbox, CurrentRunspace);

    public static SandboxProcess? Find(int processId) => Running.TryGetValue(processId, out var entry) ? entry.Sandbox : null;

    public static KinsException NotFound(int processId) =>
        Stopped.TryGetValue(processId, out var when)
            ? new(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ObjectNotFound,
                $"The Kins sandbox (process {processId}) was already stopped at {when.ToLocalTime():HH:mm:ss}.", processId)
            {
                RecommendedAction = "Start a new one with Start-KinsSandbox.",
            }
            : new(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ObjectNotFound,
            $"No Kins sandbox with process id {processId} was started in this session.", processId)
        {
            RecommendedAction = "Use the objects that Start-KinsSandbox returned; a sandbox also stops by itself when the PowerShell that started it exits.",
        };

    /// <summary>Removes the sandbox to stop it; it is remembered as stopped.</summary>
    public static SandboxProcess? Take(int processId)
    {
        if (!Running.TryRemove(processId, out var entry))
        {
            return null;
        }
        Stopped[processId] = DateTime.UtcNow;
        return entry.Sandbox;
    }

    /// <summary>The error for a sandbox whose process ended without Stop-KinsSandbox (killed, crashed, its parent gone).</summary>
    public static KinsException Exited(SandboxProcess sandbox) =>
        new(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ResourceUnavailable,
            $"The Kins sandbox (process {sandbox.ProcessId}) has exited{(sandbox.ExitCode is { } code ? $" with code {code}" : string.Empty)}; its API and kubeconfig are gone.", sandbox.ProcessId)
        {
            RecommendedAction = "Start a new one with Start-KinsSandbox (Stop-KinsSandbox forgets this one).",
        };

    public static void StopAllOfCurrentRunspace()
    {
        var runspace = CurrentRunspace;
        foreach (var (processId, entry) in Running)
        {
            if (entry.Runspace == runspace && Take(processId) is { } sandbox)
            {
                sandbox.Dispose();
            }
        }
    }
}
