using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Kins.PowerShell.Completion;

/// <summary>Completes NodeUnit names live from the cluster named by the -Kubeconfig/-Context typed so far.</summary>
public sealed class NodeUnitNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var kubeconfig = fakeBoundParameters?["Kubeconfig"] as string;
        var context = fakeBoundParameters?["Context"] as string;
        return CompletionValues.Complete(CompletionSources.NodeUnitNames(kubeconfig, context), wordToComplete);
    }
}
