using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Repair;
using Kins.PowerShell.Completion;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>
/// Removes what SuperEdge v0.9 left behind for a unit: the removable findings of Find-NodeUnitLeftover, each
/// confirmed on its own and checked again just before it is removed. Reported-only findings are never changed.
/// </summary>
[Cmdlet(VerbsDiagnostic.Repair, "NodeUnit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = LeftoverSet)]
[OutputType("Kins.NodeUnitLeftover")]
public sealed class RepairNodeUnitCommand : KinsCmdlet
{
    private const string NameSet = "Name";
    private const string LeftoverSet = "Leftover";
    private readonly Dictionary<KinsConnection, LeftoverFinder> _finders = [];

    /// <summary>Units whose removable leftovers are all repaired.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [ValidateNotNullOrEmpty]
    [Alias("NodeUnit")]
    public string[] Name { get; set; } = [];

    /// <summary>A finding from Find-NodeUnitLeftover (usually piped): only the findings given are repaired.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LeftoverSet)]
    [ValidateNotNull]
    public NodeUnitLeftover? Leftover { get; set; }

    /// <summary>Emit each repaired finding.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == LeftoverSet)
        {
            // A piped finding binds its own Context and Kubeconfig by property name.
            var connection = Connect();
            // One finding per record. Leftover is the default set, so a piped finding binds here by value, not to -Name by its NodeUnit.
            await RepairOneAsync(connection, Leftover!, explicitlyNamed: true, cancellationToken).ConfigureAwait(true);
            return;
        }
        var own = Connect();
        foreach (var unit in Name)
        {
            IReadOnlyList<NodeUnitLeftover> found;
            try
            {
                found = await FinderFor(own).FindAsync(unit, cancellationToken).ConfigureAwait(true);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                WriteKinsError(error as KinsException ?? KubernetesErrors.ToKinsException(error, own, unit));
                continue;
            }
            if (found.Count == 0)
            {
                WriteVerbose($"NodeUnit '{unit}': nothing left behind.");
            }
            foreach (var leftover in found)
            {
                await RepairOneAsync(own, leftover, explicitlyNamed: false, cancellationToken).ConfigureAwait(true);
            }
        }
    }

    private async Task RepairOneAsync(KinsConnection connection, NodeUnitLeftover leftover, bool explicitlyNamed, CancellationToken cancellationToken)
    {
        if (!leftover.Removable)
        {
            var note = $"NodeUnit '{leftover.NodeUnit}': {leftover.Kind} {leftover.Resource} ({leftover.Detail}) is {leftover.Action}.";
            if (explicitlyNamed)
            {
                WriteKinsError(new KinsException(KinsErrorIds.LeftoverNotRemovable, KinsErrorCategory.InvalidOperation, note, leftover.NodeUnit));
            }
            else
            {
                WriteWarning(note);
            }
            return;
        }
        if (!ShouldProcess($"{leftover.Resource} (NodeUnit '{leftover.NodeUnit}', context '{connection.ContextName}')", Capitalized(leftover.Action)))
        {
            return;
        }
        try
        {
            if (await LeftoverRepair.RepairAsync(connection, FinderFor(connection), leftover, cancellationToken).ConfigureAwait(true))
            {
                WriteVerbose($"NodeUnit '{leftover.NodeUnit}': {leftover.Action}: done.");
                if (PassThru)
                {
                    WriteTyped(leftover.AsRepaired(), TypeNames.NodeUnitLeftover);
                }
            }
            else
            {
                WriteWarning($"NodeUnit '{leftover.NodeUnit}': {leftover.Kind} {leftover.Resource} ({leftover.Detail}) is no longer a leftover; nothing was changed.");
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            WriteKinsError(error as KinsException ?? KubernetesErrors.ToKinsException(error, connection, leftover.NodeUnit));
        }
    }

    private LeftoverFinder FinderFor(KinsConnection connection)
    {
        if (!_finders.TryGetValue(connection, out var finder))
        {
            finder = new LeftoverFinder(connection, Kubeconfig);
            _finders[connection] = finder;
        }
        return finder;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
