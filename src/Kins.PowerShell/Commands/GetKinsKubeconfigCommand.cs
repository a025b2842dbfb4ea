using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Kubeconfigs;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Reads a promoted unit's edge K3s kubeconfig from kins-system/&lt;unit&gt;-cm-kins.</summary>
[Cmdlet(VerbsCommon.Get, "KinsKubeconfig", DefaultParameterSetName = ObjectSet)]
[OutputType("Kins.Kubeconfig", ParameterSetName = [ObjectSet])]
[OutputType(typeof(string), ParameterSetName = [YamlSet])]
[OutputType(typeof(FileInfo), ParameterSetName = [FileSet])]
public sealed class GetKinsKubeconfigCommand : KubeconfigOutputCmdlet
{
    protected override Task<KinsKubeconfig> BuildAsync(KinsConnection connection, string unit, CancellationToken cancellationToken) =>
        KinsKubeconfigs.GetEdgeAsync(connection, unit, cancellationToken);
}
