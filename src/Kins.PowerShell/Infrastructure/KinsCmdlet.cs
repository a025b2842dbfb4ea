using System.Management.Automation;
using Kins.Core.Connection;
using Kins.PowerShell.Completion;

namespace Kins.PowerShell.Infrastructure;

/// <summary>Base of the cmdlets that talk to a cluster: -Context, -Kubeconfig and the session's cached connections.</summary>
public abstract class KinsCmdlet : AsyncCmdlet
{
    /// <summary>Kubeconfig context to use; objects from Kins cmdlets carry theirs and bind it by property name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Kubeconfig file(s); default: $env:KUBECONFIG merged like kubectl, else ~/.kube/config, else in-cluster.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Kubeconfig { get; set; }

    /// <summary>The user's kubeconfig path with PowerShell's current location applied, or null for the default.</summary>
    protected string? ResolvedKubeconfig =>
        string.IsNullOrEmpty(Kubeconfig) ? null : string.Join(Path.PathSeparator,
            Kubeconfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => SessionState.Path.GetUnresolvedProviderPathFromPSPath(p)));

    /// <summary>
    /// The cached connection for the current -Kubeconfig/-Context (which may change with each piped object).
    /// An unreadable kubeconfig or unknown context breaks the whole call.
    /// </summary>
    protected KinsConnection Connect()
    {
        var connection = ConnectionCache.Shared.Get(ResolvedKubeconfig, string.IsNullOrEmpty(Context) ? null : Context);
        WriteVerbose($"Using {connection}");
        return connection;
    }
}
