namespace Kins.PowerShell.Infrastructure;

/// <summary>The PowerShell type names of Kins output, which Kins.Format.ps1xml keys its views on.</summary>
internal static class TypeNames
{
    public const string NodeUnit = "Kins.NodeUnit";
    public const string Kubeconfig = "Kins.Kubeconfig";
    public const string Sandbox = "Kins.Sandbox";
    public const string EdgeClusterHealth = "Kins.EdgeClusterHealth";
    public const string NodeUnitLeftover = "Kins.NodeUnitLeftover";
    public const string FleetSummary = "Kins.FleetSummary";
}
