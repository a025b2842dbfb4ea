# The Bench task; filled in by the promotion issue.
Write-Error 'The Bench task is not implemented yet in this build of Kins.' -ErrorAction Continue
exit 1
