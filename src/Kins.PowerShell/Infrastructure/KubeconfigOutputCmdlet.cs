using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Files;
using Kins.Core.Kubeconfigs;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Shared output of the kubeconfig cmdlets: Kins.Kubeconfig objects, YAML text (-AsYaml), or one file (-OutFile)
/// written atomically and owner-only at the end, holding every unit that succeeded (merged when there are several).
/// </summary>
public abstract class KubeconfigOutputCmdlet : NodeUnitCmdlet
{
    protected const string ObjectSet = "Object";
    protected const string YamlSet = "Yaml";
    protected const string FileSet = "File";
    private readonly List<KinsKubeconfig> _forFile = [];

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

    /// <summary>Builds one unit's kubeconfig.</summary>
    protected abstract Task<KinsKubeconfig> BuildAsync(KinsConnection connection, string unit, CancellationToken cancellationToken);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        // A folder as -OutFile fails before any unit is read, not after all of them.
        if (ParameterSetName == FileSet && Directory.Exists(ResolveOutputPath(OutFile)))
        {
            ThrowKinsError(new KinsException(KinsErrorIds.OutFileWriteFailed, KinsErrorCategory.InvalidArgument,
                $"'{ResolveOutputPath(OutFile)}' is a folder; -OutFile needs the path of a file, e.g. '{Path.Combine(ResolveOutputPath(OutFile), "kubeconfig")}'.", OutFile));
        }
        if (ConnectFor(Name) is not { } connection)
        {
            return;
        }
        foreach (var unit in await ExpandNamesAsync(connection, cancellationToken).ConfigureAwait(true))
        {
            try
            {
                Emit(await BuildAsync(connection, unit, cancellationToken).ConfigureAwait(true));
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

    protected override Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == FileSet && _forFile.Count > 0)
        {
            var path = ResolveOutputPath(OutFile);
            try
            {
                var file = SecureFile.WriteAllTextAtomically(path, KinsKubeconfigs.ToFileContent(_forFile), Force.IsPresent);
                WriteVerbose(_forFile.Count == 1
                    ? $"Wrote the kubeconfig of {_forFile[0].NodeUnit} to {file.FullName}"
                    : $"Wrote {_forFile.Count} units to {file.FullName}, as contexts {string.Join(", ", _forFile.Select(k => KinsKubeconfigs.MergedContextName(k.NodeUnit)))}");
                // The provider's own item, so it formats like Get-Item's (mode, owner, size).
                WriteObject(InvokeProvider.Item.Get(file.FullName), enumerateCollection: true);
            }
            catch (KinsException error)
            {
                WriteKinsError(error);
            }
        }
        return Task.CompletedTask;
    }

    private void Emit(KinsKubeconfig kubeconfig)
    {
        if (!kubeconfig.EdgeClusterReady)
        {
            WriteWarning($"The edge cluster of NodeUnit '{kubeconfig.NodeUnit}' is still being promoted: its kubeconfig is published, but its K3s API may not answer yet. Wait with: Set-NodeUnitAutonomy -Name {kubeconfig.NodeUnit} -Level <its level> -Wait");
        }
        switch (ParameterSetName)
        {
            case FileSet:
                _forFile.Add(kubeconfig);
                break;
            case YamlSet:
                WriteObject(kubeconfig.Yaml);
                break;
            default:
                WriteTyped(kubeconfig, TypeNames.Kubeconfig);
                break;
        }
    }
}
