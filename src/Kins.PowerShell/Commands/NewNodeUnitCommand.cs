using System.Collections;
using System.Globalization;
using System.Management.Automation;
using Kins.Core.Bulk;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Reconcile;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Creates a NodeUnit from a list of nodes.</summary>
[Cmdlet(VerbsCommon.New, "NodeUnit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType("Kins.NodeUnit")]
public sealed class NewNodeUnitCommand : KinsCmdlet
{
    #region Parameters

    /// <summary>The new unit's name (a Kubernetes DNS-1123 subdomain).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Names of the nodes that join the unit.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Node { get; set; } = [];

    /// <summary>The unit's type.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("edge", "cloud", "master", "other", IgnoreCase = true)]
    public string Type { get; set; } = "edge";

    /// <summary>The level to create the unit at (L4/L5 go through the same checks as Set-NodeUnitAutonomy).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Level")]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string AutonomyLevel { get; set; } = "L3";

    /// <summary>Labels to put on the NodeUnit object.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Label { get; set; }

    /// <summary>Wait until site-manager has taken the unit over (finalizer and status present), and for L4/L5 until it is Ready.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait.</summary>
    [Parameter]
    [DurationArgument(nameof(Timeout))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>API requests in flight at once across the whole pipeline; waiting units hold none.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    #endregion

    private readonly BulkCall _bulk = new();

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ConnectFor([Name]) is not { } connection)
        {
            return;
        }
        var request = new NewNodeUnit(Name, Node)
        {
            Type = Type.ToLowerInvariant(),
            Level = AutonomyLevels.Parse(AutonomyLevel),
            Labels = (Label ?? []).Cast<DictionaryEntry>().ToDictionary(
                e => Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty,
                e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal),
        };
        if (!ShouldProcess($"NodeUnit '{Name}' (context '{connection.ContextName}')",
                $"Create at {request.Level.ToSpecValue()} with nodes {string.Join(", ", request.Nodes)}"))
        {
            return;
        }
        try
        {
            request.Validate();
            var missing = await request.MissingNodesAsync(connection, cancellationToken).ConfigureAwait(true);
            if (missing.Count > 0)
            {
                WriteWarning(missing.Count == request.Nodes.Count
                    ? $"None of the nodes of NodeUnit '{Name}' exist in context '{connection.ContextName}' ({string.Join(", ", missing)}): it is created with no member (READY 0/0) until nodes with these names join."
                    : $"NodeUnit '{Name}': {(missing.Count == 1 ? "node" : "nodes")} {string.Join(", ", missing)} {(missing.Count == 1 ? "does" : "do")} not exist in context '{connection.ContextName}'; site-manager counts only the nodes that exist.");
            }
        }
        catch (KinsException error)
        {
            WriteKinsError(error);
            return;
        }
        var bulk = _bulk.GetOrStart(() => new BulkPipeline(this, new BulkOptions { ThrottleLimit = ThrottleLimit }, "Creating NodeUnits",
            Wait ? "site-manager (and Ready for L4/L5)" : "site-manager", unit => WriteTyped(unit, TypeNames.NodeUnit), cancellationToken));
        bulk.Add(connection, Name, async (reconciler, markChanged, ct) =>
            await reconciler.CreateAsync(request, Wait, Timeout, markChanged, ct).ConfigureAwait(false));
    }

    protected override Task EndProcessingAsync(CancellationToken cancellationToken) => _bulk.CompleteAsync(cancellationToken);

    protected override Task EndingOnErrorAsync() => _bulk.AbandonAsync();

    protected override void OnStopping() => _bulk.Stop(Host);

    protected override void OnDisposing() => _bulk.EndedElsewhere(Host);
}
