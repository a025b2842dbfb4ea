using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Kins.PowerShell.Infrastructure;

/// <summary>Registers the engine resolver when the module loads and releases cached clients when it is removed.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static int _registered;

    public void OnImport() => EnsureResolverRegistered();

    public void OnRemove(PSModuleInfo psModuleInfo) => ModuleLifetime.Release();

    /// <summary>Runs before any type of this assembly is used, so even parameter binding finds Kins.Core.</summary>
#pragma warning disable CA2255 // A module initializer is the only hook that runs before PowerShell reflects over our cmdlets.
    [ModuleInitializer]
    internal static void EnsureResolverRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += DependencyLoadContext.ResolveEngine;
        }
    }
#pragma warning restore CA2255
}
