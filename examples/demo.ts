// The README's main command. The pipeline that this demo drives is still being built.
console.log('not built yet: the demo arrives with the onboard pipeline');
