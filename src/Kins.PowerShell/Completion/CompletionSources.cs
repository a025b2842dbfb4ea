namespace Kins.PowerShell.Completion;

/// <summary>Where completion values come from; failures give no completions rather than errors.</summary>
internal static class CompletionSources
{
    public static IEnumerable<string> Contexts(string? kubeconfig) => [];

    public static IEnumerable<string> NodeUnitNames(string? kubeconfig, string? context) => [];
}
