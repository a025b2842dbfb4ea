using System.Collections.Concurrent;
using Kins.Core.Sandbox;

namespace Kins.PowerShell.Infrastructure;

/// <summary>The sandboxes this PowerShell session started; all are stopped when the module is removed.</summary>
internal static class SessionSandboxes
{
    private static readonly ConcurrentDictionary<int, SandboxProcess> Running = new();

    public static void Add(SandboxProcess sandbox) => Running[sandbox.ProcessId] = sandbox;

    public static SandboxProcess? Take(int processId) => Running.TryRemove(processId, out var sandbox) ? sandbox : null;

    public static void StopAll()
    {
        foreach (var processId in Running.Keys)
        {
            if (Take(processId) is { } sandbox)
            {
                sandbox.Dispose();
            }
        }
    }
}
