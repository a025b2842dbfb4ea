namespace Kins.Core.Bulk;

/// <summary>One unit of a batch: its name and the cluster it lives on (context and API server).</summary>
/// <remarks>Two clusters may use the same context name, so the server is part of the identity.</remarks>
public sealed record BulkUnit(string Name, string Context, string Server)
{
    /// <summary>How messages name the unit: <c>NodeUnit 'x' (context 'c')</c>.</summary>
    public string Display => $"NodeUnit '{Name}' (context '{Context}')";

    public override string ToString() => Display;
}
