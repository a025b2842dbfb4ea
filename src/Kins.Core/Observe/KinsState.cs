namespace Kins.Core.Observe;

/// <summary>Where a NodeUnit's edge cluster stands, judged from the objects site-manager created (it never reports Running).</summary>
// long, not int: ConvertTo-Json writes 64-bit enums by name ("Ready", not 2), so exports read like the views.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "ConvertTo-Json writes 64-bit enums as their names.")]
public enum KinsState : long
{
    /// <summary>L3 requested and nothing of an edge cluster remains (role labels v0.9 leaves on selector members are reported as notices).</summary>
    Standard,
    /// <summary>L4/L5 requested; not every object is there and up yet (the credential reference is written before any pod runs).</summary>
    Promoting,
    /// <summary>L4/L5 requested; the credential reference set, the ConfigMap present, every workload's pods ready, enough servers.</summary>
    Ready,
    /// <summary>The edge cluster's objects were all created (credential reference set), but one of them or a server is gone now.</summary>
    Degraded,
    /// <summary>L3 requested; objects site-manager created for the edge cluster remain.</summary>
    Demoting,
    /// <summary>The NodeUnit has a deletionTimestamp.</summary>
    Deleting,
    /// <summary>
    /// site-manager's Failed phase is current (rewritten within 2·S, after the last level change, edge cluster not up),
    /// or the stored level is not exactly L3, L4 or L5, which site-manager ignores.
    /// </summary>
    Failed,
    /// <summary>L3, L4 or L5, and the cloud hears from none of its nodes (every member's Ready is Unknown): the site is cut off.</summary>
    Offline,
}
