using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.PowerShell.Completion;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that talk to a cluster: -Kubeconfig, -Context and -ApiServer, and the session's cached connections.
/// Objects from Kins cmdlets carry all three, so a piped object acts on the cluster it was read from (never on whatever
/// $env:KUBECONFIG names now); values given on the command line win, and a server that differs from the object's is an error.
/// </summary>
public abstract partial class KinsCmdlet : AsyncCmdlet
{
    private bool _kubeconfigOnCommandLine;
    private bool _contextOnCommandLine;
    private bool _apiServerOnCommandLine;

    /// <summary>Kubeconfig context to use; objects from Kins cmdlets carry theirs and bind it by property name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Kubeconfig file(s), a path list like $KUBECONFIG; default: $env:KUBECONFIG merged like kubectl, else ~/.kube/config, else in-cluster.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Kubeconfig { get; set; }

    /// <summary>The API server the selected context must point to; objects from Kins cmdlets bind theirs.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ApiServer { get; set; }

    protected override void OnCommandLineBound()
    {
        _kubeconfigOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Kubeconfig));
        _contextOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Context));
        _apiServerOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(ApiServer));
    }

    /// <summary>The user's kubeconfig path(s) with PowerShell's current location applied, or null for the default.</summary>
    protected string? ResolvedKubeconfig =>
        string.IsNullOrEmpty(Kubeconfig) ? null : string.Join(Path.PathSeparator,
            Kubeconfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => SessionState.Path.GetUnresolvedProviderPathFromPSPath(p)));

    /// <summary>This record's cluster was chosen (at least partly) by a piped object rather than by the command line or the defaults.</summary>
    private bool IdentityFromObject =>
        (!_kubeconfigOnCommandLine && !string.IsNullOrEmpty(Kubeconfig))
        || (!_contextOnCommandLine && !string.IsNullOrEmpty(Context))
        || (!_apiServerOnCommandLine && !string.IsNullOrEmpty(ApiServer));

    /// <summary>
    /// The cached connection for the current -Kubeconfig/-Context (which may change with each piped object).
    /// An unreadable kubeconfig or unknown context given on the command line breaks the whole call.
    /// </summary>
    protected KinsConnection Connect()
    {
        var connection = ConnectionCache.Shared.Get(ResolvedKubeconfig, string.IsNullOrEmpty(Context) ? null : Context);
        WriteVerbose($"Using {connection}");
        return connection;
    }

    /// <summary>
    /// The connection for this record's <paramref name="units"/>, checked against -ApiServer; or null, after one error per unit,
    /// when the cluster a piped object came from can no longer be reached that way or is not the one selected.
    /// </summary>
    protected KinsConnection? ConnectFor(IReadOnlyCollection<string> units)
    {
        KinsConnection connection;
        try
        {
            connection = Connect();
        }
        catch (KinsException error) when (IdentityFromObject && units.Count > 0)
        {
            foreach (var unit in units)
            {
                WriteKinsError(ClusterIdentity.Unreachable(unit, Kubeconfig, Context, ApiServer, error));
            }
            return null;
        }
        if (!string.IsNullOrEmpty(ApiServer) && !ClusterIdentity.SameServer(connection.Server, ApiServer))
        {
            var explicitSelection = _kubeconfigOnCommandLine || _contextOnCommandLine;
            if (units.Count == 0)
            {
                throw new KinsException(KinsErrorIds.ClusterMismatch, KinsErrorCategory.InvalidArgument,
                    $"-ApiServer is {ApiServer}, but context '{connection.ContextName}' of {connection.KubeconfigDescription} points to {connection.Server}. Nothing was read.", ApiServer);
            }
            foreach (var unit in units)
            {
                WriteKinsError(ClusterIdentity.ServerMismatch(unit, connection, ApiServer, explicitSelection));
            }
            return null;
        }
        return connection;
    }
}
