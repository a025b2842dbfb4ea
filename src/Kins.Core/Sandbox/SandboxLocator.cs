namespace Kins.Core.Sandbox;

/// <summary>Finds the sandbox executable and the dotnet host that runs it.</summary>
public static class SandboxLocator
{
    public const string SandboxPathVariable = "KINS_SANDBOX_PATH";
    public const string DotnetHostVariable = "DOTNET_HOST_PATH";
    public const string SandboxFileName = "Kins.Sandbox.dll";

    /// <summary>
    /// <c>KINS_SANDBOX_PATH</c> (the dll, or its folder), else <c>../sandbox/Kins.Sandbox.dll</c> beside Kins.Core.dll's
    /// folder (the module layout), else Kins.Core.dll's own folder. Null when none exists.
    /// </summary>
    public static string? FindSandbox()
    {
        var configured = Environment.GetEnvironmentVariable(SandboxPathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var candidate = Directory.Exists(configured) ? Path.Combine(configured, SandboxFileName) : configured;
            return File.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        var coreFolder = Path.GetDirectoryName(typeof(SandboxLocator).Assembly.Location) ?? AppContext.BaseDirectory;
        foreach (var candidate in new[] { Path.Combine(coreFolder, "..", "sandbox", SandboxFileName), Path.Combine(coreFolder, SandboxFileName) })
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    /// <summary><c>DOTNET_HOST_PATH</c> when set (as the SDK and test hosts set it), else <c>dotnet</c> from PATH.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable(DotnetHostVariable);
        return !string.IsNullOrWhiteSpace(host) && File.Exists(host) ? host : "dotnet";
    }
}
