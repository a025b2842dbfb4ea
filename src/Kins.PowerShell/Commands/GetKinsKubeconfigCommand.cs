using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Reads a promoted unit's edge K3s kubeconfig from kins-system/&lt;unit&gt;-cm-kins.</summary>
[Cmdlet(VerbsCommon.Get, "KinsKubeconfig", DefaultParameterSetName = ObjectSet)]
[OutputType("Kins.Kubeconfig", ParameterSetName = [ObjectSet])]
[OutputType(typeof(string), ParameterSetName = [YamlSet])]
[OutputType(typeof(FileInfo), ParameterSetName = [FileSet])]
public sealed class GetKinsKubeconfigCommand : NodeUnitCmdlet
{
    private const string ObjectSet = "Object";
    private const string YamlSet = "Yaml";
    private const string FileSet = "File";

    #region Parameters

    /// <summary>Write the kubeconfig here (atomically, owner-only); several units are merged into one file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = string.Empty;

    /// <summary>Overwrite an existing -OutFile.</summary>
    [Parameter(ParameterSetName = FileSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the kubeconfig as YAML text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = YamlSet)]
    public SwitchParameter AsYaml { get; set; }

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("Get-KinsKubeconfig"));
        return Task.CompletedTask;
    }
}
