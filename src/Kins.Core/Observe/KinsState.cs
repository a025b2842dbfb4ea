namespace Kins.Core.Observe;

/// <summary>Where a NodeUnit's edge cluster stands, judged from the objects site-manager created (it never reports Running).</summary>
// long, not int: ConvertTo-Json writes 64-bit enums by name ("Ready", not 2), so exports read like the views.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "ConvertTo-Json writes 64-bit enums as their names.")]
public enum KinsState : long
{
    /// <summary>L3 requested and nothing of an edge cluster remains.</summary>
    Standard,
    /// <summary>L4/L5 requested; not every object is there and ready yet.</summary>
    Promoting,
    /// <summary>L4/L5 requested; every object is ready, the kubeconfig published and the credential reference set.</summary>
    Ready,
    /// <summary>The edge cluster was installed (kubeconfig and credential reference exist) but something is missing or not ready now.</summary>
    Degraded,
    /// <summary>L3 requested; objects site-manager created for the edge cluster remain.</summary>
    Demoting,
    /// <summary>The NodeUnit has a deletionTimestamp.</summary>
    Deleting,
    /// <summary>site-manager reported phase Failed or an Init condition False, or the level is not one it knows.</summary>
    Failed,
}
