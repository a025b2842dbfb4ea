using System.Runtime.CompilerServices;

namespace Kins.PowerShell.Infrastructure;

/// <summary>Kept apart from <see cref="ModuleInitializer"/> so that Kins.Core is touched only when it is needed.</summary>
internal static class ModuleLifetime
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Release()
    {
        SessionSandboxes.StopAllOfCurrentRunspace();
        Kins.Core.Connection.ConnectionCache.Shared.Clear();
        Kins.Core.KinsSession.Release();
    }
}
