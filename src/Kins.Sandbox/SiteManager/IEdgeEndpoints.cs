namespace Kins.Sandbox.SiteManager;

/// <summary>Where a unit's K3s API answers from inside the unit: what site-manager writes into the edge kubeconfig.</summary>
internal interface IEdgeEndpoints
{
    /// <summary>The unit's K3s API address (its endpoint is reserved if it has none yet).</summary>
    string AddressOf(string unit);
}
