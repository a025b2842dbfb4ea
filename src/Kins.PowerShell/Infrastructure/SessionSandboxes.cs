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

    private static Guid CurrentRunspace => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    public static void Add(SandboxProcess sandbox) => Running[sandbox.ProcessId] = (sandbox, CurrentRunspace);

    public static SandboxProcess? Find(int processId) => Running.TryGetValue(processId, out var entry) ? entry.Sandbox : null;

    public static KinsException NotFound(int processId) =>
        new(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ObjectNotFound,
            $"No Kins sandbox with process id {processId} was started in this session.", processId)
        {
            RecommendedAction = "Use the objects that Start-KinsSandbox returned; a sandbox also stops by itself when the PowerShell that started it exits.",
        };

    public static SandboxProcess? Take(int processId) => Running.TryRemove(processId, out var entry) ? entry.Sandbox : null;

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
