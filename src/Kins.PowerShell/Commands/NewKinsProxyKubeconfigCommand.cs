using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Builds a cloud-side kubeconfig that reaches a unit's edge K3s cluster through tunnel-cloud's http-proxy.</summary>
[Cmdlet(VerbsCommon.New, "KinsProxyKubeconfig", DefaultParameterSetName = ObjectSet)]
[OutputType("Kins.Kubeconfig", ParameterSetName = [ObjectSet])]
[OutputType(typeof(string), ParameterSetName = [YamlSet])]
[OutputType(typeof(FileInfo), ParameterSetName = [FileSet])]
public sealed class NewKinsProxyKubeconfigCommand : NodeUnitCmdlet
{
    private const string ObjectSet = "Object";
    private const string YamlSet = "Yaml";
    private const string FileSet = "File";

    #region Parameters

    /// <summary>The proxy to use instead of the one discovered from tunnel-cloud.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? ProxyUrl { get; set; }

    /// <summary>Use tunnel-cloud's ClusterIP and port 8080 (for use from inside the cluster).</summary>
    [Parameter]
    public SwitchParameter InCluster { get; set; }

    /// <summary>Address the unit's K3s Service by its ClusterIP instead of its DNS name.</summary>
    [Parameter]
    public SwitchParameter UseServiceIP { get; set; }

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
        ThrowKinsError(ErrorRecords.NotImplemented("New-KinsProxyKubeconfig"));
        return Task.CompletedTask;
    }
}
