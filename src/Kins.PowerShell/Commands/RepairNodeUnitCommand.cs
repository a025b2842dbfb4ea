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
    private const string RestoreSet = "Restore";
    private readonly Dictionary<KinsConnection, LeftoverFinder> _finders = [];

    /// <summary>Units whose removable leftovers are all repaired.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RestoreSet)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [Alias("NodeUnit")]
    public string[] Name { get; set; } = [];

    /// <summary>A finding from Find-NodeUnitLeftover (usually piped): only the findings given are repaired.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LeftoverSet)]
    [ValidateNotNull]
    public NodeUnitLeftover? Leftover { get; set; }

    /// <summary>
    /// NoSchedule taints (<c>key[=value]:NoSchedule</c>) to put back on the named units' member nodes: the L3 taint
    /// filter strips them, and Kins cannot tell that from an intended removal, so only what is named is restored.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = RestoreSet)]
    [ValidateNotNullOrEmpty]
    public string[] RestoreTaint { get; set; } = [];

    /// <summary>Emit each repaired finding.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private IReadOnlyList<NodeTaint> _restore = [];

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        // A taint that cannot have been stripped, or does not parse, is a mistake in the command: nothing is done.
        _restore = [.. RestoreTaint.Select(RestorableTaint.Parse)];
        return Task.CompletedTask;
    }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == RestoreSet)
        {
            var target = Connect();
            foreach (var unit in await ExpandNamesAsync(Name, target, cancellationToken).ConfigureAwait(true))
            {
                foreach (var taint in _restore)
                {
                    await RestoreOneAsync(target, unit, taint, cancellationToken).ConfigureAwait(true);
                }
            }
            return;
        }
        if (ParameterSetName == LeftoverSet)
        {
            // A piped finding binds its own Context and Kubeconfig by property name.
            var connection = Connect();
            // One finding per record. Leftover is the default set, so a piped finding binds here by value, not to -Name by its NodeUnit.
            await RepairOneAsync(connection, Leftover!, explicitlyNamed: true, cancellationToken).ConfigureAwait(true);
            return;
        }
        var own = Connect();
        foreach (var unit in await ExpandNamesAsync(Name, own, cancellationToken, missingIsError: false).ConfigureAwait(true))
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

    private async Task RestoreOneAsync(KinsConnection connection, string unit, NodeTaint taint, CancellationToken cancellationToken)
    {
        var text = taint.ToString();
        IReadOnlyList<TaintTarget> targets;
        try
        {
            targets = await TaintRestorer.PlanAsync(connection, unit, taint, cancellationToken).ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            WriteKinsError(error as KinsException ?? KubernetesErrors.ToKinsException(error, connection, unit));
            return;
        }
        var missing = targets.Where(t => t.State == TaintOnNode.Missing).ToList();
        foreach (var other in targets.Where(t => t.State == TaintOnNode.OtherValue))
        {
            WriteWarning($"NodeUnit '{unit}': node {other.NodeName} carries {other.Current}, the same key and effect with another value; it was left as it is.");
        }
        foreach (var present in targets.Where(t => t.State == TaintOnNode.Present))
        {
            WriteVerbose($"NodeUnit '{unit}': node {present.NodeName} carries {text} already.");
        }
        if (targets.Count == 0)
        {
            WriteWarning($"NodeUnit '{unit}' has no member nodes: {text} was restored nowhere.");
            return;
        }
        if (missing.Count == 0)
        {
            return;
        }
        // Reality, said before any change: the taint goes on the Node objects, where no L3 pass removes it, not back into setNode.
        WriteWarning($"NodeUnit '{unit}': {text} is put back on its nodes, not in spec.setNode.taints: site-manager's next L3 pass would strip it from there again. Nodes that join the unit later do not get it. While it is there, the K3s server pods (they tolerate only kins) cannot run on these nodes: a promotion whose server would go on one is refused (ServerNodeUnschedulable).");
        foreach (var node in missing)
        {
            var action = $"restore the taint {text} on node {node.NodeName}";
            if (!ShouldProcess($"node/{node.NodeName} (NodeUnit '{unit}', context '{connection.ContextName}')", Capitalized(action)))
            {
                continue;
            }
            try
            {
                if (await TaintRestorer.RestoreAsync(connection, node.NodeName, taint, cancellationToken).ConfigureAwait(true))
                {
                    WriteVerbose($"NodeUnit '{unit}': {action}: done.");
                    if (PassThru)
                    {
                        WriteTyped(new NodeUnitLeftover
                        {
                            NodeUnit = unit, Kind = LeftoverKind.StrippedTaint, Resource = $"node/{node.NodeName}", Detail = text,
                            Reason = "Named with -RestoreTaint: a NoSchedule taint site-manager's L3 taint filter strips (flaw 7).",
                            Action = action, Context = connection.ContextName, Kubeconfig = Kubeconfig, Repaired = true,
                        }, TypeNames.NodeUnitLeftover);
                    }
                }
                else
                {
                    WriteWarning($"NodeUnit '{unit}': node {node.NodeName} is gone or carries {text} (or its key with another value) by now; nothing was changed.");
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                WriteKinsError(error as KinsException ?? KubernetesErrors.ToKinsException(error, connection, unit));
            }
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
