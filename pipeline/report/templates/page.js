document.addEventListener('click',function(e){
var t=e.target.closest('[data-t]'),a=document.querySelector('audio');
if(!t||!a)return;a.currentTime=parseFloat(t.getAttribute('data-t'));a.play();});
