using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Repair;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Lists what SuperEdge v0.9 left behind for each unit, for review before Repair-NodeUnit.</summary>
[Cmdlet(VerbsCommon.Find, "NodeUnitLeftover")]
[OutputType("Kins.NodeUnitLeftover")]
public sealed class FindNodeUnitLeftoverCommand : NodeUnitCmdlet
{
    private readonly Dictionary<KinsConnection, LeftoverFinder> _finders = [];

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = Connect();
        if (!_finders.TryGetValue(connection, out var finder))
        {
            finder = new LeftoverFinder(connection, Kubeconfig);
            _finders[connection] = finder;
        }
        // A deleted unit's name is no pattern match, but what it left is still found by its exact name.
        foreach (var unit in await ExpandNamesAsync(connection, cancellationToken, missingIsError: false).ConfigureAwait(true))
        {
            try
            {
                foreach (var leftover in await finder.FindAsync(unit, cancellationToken).ConfigureAwait(true))
                {
                    WriteTyped(leftover, TypeNames.NodeUnitLeftover);
                }
            }
            catch (KinsException error)
            {
                WriteKinsError(error);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                WriteKinsError(KubernetesErrors.ToKinsException(error, connection, unit));
            }
        }
    }
}
