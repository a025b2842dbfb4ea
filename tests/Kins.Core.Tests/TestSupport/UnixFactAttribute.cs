namespace Kins.Core.Tests.TestSupport;

/// <summary>A fact that needs /bin/sh (exec plugin scripts); skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs /bin/sh for the plugin scripts.";
        }
    }
}
