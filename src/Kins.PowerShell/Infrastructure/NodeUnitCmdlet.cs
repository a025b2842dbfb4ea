using System.Management.Automation;
using Kins.PowerShell.Completion;

namespace Kins.PowerShell.Infrastructure;

/// <summary>Base of the cmdlets that act on named NodeUnits: strings and Kins.NodeUnit objects both bind to -Name.</summary>
public abstract class NodeUnitCmdlet : KinsCmdlet
{
    /// <summary>NodeUnit names; piped strings bind here, and objects bind their Name property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [ValidateNotNullOrEmpty]
    [Alias("NodeUnit")]
    public string[] Name { get; set; } = [];
}
