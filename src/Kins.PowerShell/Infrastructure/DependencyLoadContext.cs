using System.Reflection;
using System.Runtime.Loader;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// The private load context of the "ALC bridge": Kins.Core and its dependencies (KubernetesClient,
/// YamlDotNet, ...) load from the module's <c>dependencies</c> folder into this context, so another
/// module's version of those libraries in the same session cannot clash with ours.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public const string EngineAssemblyName = "Kins.Core";
    private static readonly string DependencyFolder = Path.Combine(
        Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location) ?? AppContext.BaseDirectory, "dependencies");

    public static DependencyLoadContext Instance { get; } = new();

    private DependencyLoadContext() : base("Kins.Dependencies", isCollectible: false) { }

    /// <summary>True when the module was laid out by the build (not, e.g., loaded from a test's output folder).</summary>
    public static bool IsIsolated => File.Exists(Path.Combine(DependencyFolder, EngineAssemblyName + ".dll"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(DependencyFolder, assemblyName.Name + ".dll");
        // Anything not shipped in our folder (the framework, PowerShell itself) comes from the default context.
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) => IntPtr.Zero;

    /// <summary>The default context's Resolving hook: it hands over only the engine, nothing else.</summary>
    public static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName assemblyName) =>
        assemblyName.Name == EngineAssemblyName && IsIsolated ? Instance.LoadFromAssemblyName(assemblyName) : null;
}
