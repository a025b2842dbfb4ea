using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Kins.PowerShell.Completion;

/// <summary>Completes -Context from the kubeconfig the command line names (or the default one).</summary>
public sealed class ContextCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var kubeconfig = fakeBoundParameters?["Kubeconfig"] as string;
        return CompletionValues.Complete(CompletionSources.Contexts(kubeconfig), wordToComplete);
    }
}
